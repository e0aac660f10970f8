"use client";

// Tremor from a client module: its index evaluates client-only React APIs at import time (server components
// import Tremor from here).
export { Badge, Button, Card, ProgressBar } from "@tremor/react";
