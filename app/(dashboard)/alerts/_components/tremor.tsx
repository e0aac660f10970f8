"use client";

// @tremor/react creates React contexts when its index is evaluated, which a server component cannot do;
// the alerts pages import Tremor through this client module instead.
export { Badge, Card, ProgressBar } from "@tremor/react";
