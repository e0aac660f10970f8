// Every file that registers operations. Add yours here.
import "./usage";
import "./costs";
import "./pricing";
import "./alerts";
import "./meta";
import "./audit";
import "./digest";
import "./reconcile";
