"use client";

// Tremor, re-exported from a client module: its package index evaluates React client APIs (createContext) at import
// time, which fails inside server components. Spend server components import Tremor from here.
export {
  BadgeDelta,
  Card,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableFoot,
  TableFooterCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from "@tremor/react";
