"use client";

// Tremor, re-exported from a client module: its package index evaluates React client APIs (createContext) at
// import time, which fails inside server components. Server components import Tremor from here.
export {
  Badge,
  BadgeDelta,
  Button,
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
