"use client";

import { useState } from "react";
import { Button, Card } from "@tremor/react";
import { formatUsd } from "@/lib/money/decimal";
import { inputClass, send, type UsageProblem } from "./api";

export interface MappingRow {
  projectId: string;
  team: string | null;
  billedTotal: string | null;
  firstDate: string | null;
  lastDate: string | null;
}

/** OpenAI project -> team: billed costs and imported usage of a project count for its team. */
export function ProjectMappings({ initial, teams, canEdit }: { initial: MappingRow[]; teams: Array<{ slug: string; name: string }>; canEdit: boolean }) {
  const [rows, setRows] = useState(initial);
  const [saving, setSaving] = useState<string | null>(null);
  const [problem, setProblem] = useState<UsageProblem | null>(null);
  const [newProject, setNewProject] = useState("");
  const [newTeam, setNewTeam] = useState(teams[0]?.slug ?? "");

  async function save(projectId: string, team: string | null) {
    setSaving(projectId);
    setProblem(null);
    const r = await send<{ mappings: MappingRow[] }>("/api/v1/usage/openai-projects", { method: "PUT", json: { projectId, team } });
    setSaving(null);
    if (r.ok) setRows(r.data.mappings);
    else setProblem(r.problem);
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold text-gray-900">OpenAI projects and teams</h2>
      <p className="mt-1 text-sm text-gray-500">
        Billed costs and imported image usage carry the OpenAI project they came from. Map each project to the team that owns it; projects seen in imported costs are listed
        automatically.
      </p>
      {problem ? (
        <div className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert">
          {problem.detail || problem.title}
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p className="mt-4 text-sm text-gray-500">No OpenAI projects yet: import a Costs API export, or add a mapping below.</p>
      ) : (
        <div className="mt-4 overflow-x-auto rounded-lg border border-gray-200">
          <table className="min-w-full text-sm">
            <caption className="sr-only">OpenAI projects and their teams</caption>
            <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
              <tr>
                <th scope="col" className="px-3 py-2">OpenAI project</th>
                <th scope="col" className="px-3 py-2 text-right">Billed</th>
                <th scope="col" className="px-3 py-2">Days</th>
                <th scope="col" className="px-3 py-2">Team</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {rows.map((r) => (
                <tr key={r.projectId}>
                  <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-normal">
                    {r.projectId}
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{r.billedTotal ? formatUsd(r.billedTotal) : "—"}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs text-gray-500">{r.firstDate ? `${r.firstDate} – ${r.lastDate}` : "—"}</td>
                  <td className="px-3 py-2">
                    <label className="sr-only" htmlFor={`map-${r.projectId}`}>
                      Team for {r.projectId}
                    </label>
                    <select
                      id={`map-${r.projectId}`}
                      value={r.team ?? ""}
                      disabled={!canEdit || saving === r.projectId}
                      onChange={(e) => void save(r.projectId, e.target.value || null)}
                      className={`${inputClass} mt-0 min-w-[10rem]`}
                    >
                      <option value="">Unmapped</option>
                      {teams.map((t) => (
                        <option key={t.slug} value={t.slug}>
                          {t.name}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? (
        <form
          className="mt-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (newProject.trim()) void save(newProject.trim(), newTeam).then(() => setNewProject(""));
          }}
        >
          <div>
            <label htmlFor="map-new-project" className="block text-sm font-medium text-gray-700">
              OpenAI project id
            </label>
            <input id="map-new-project" value={newProject} onChange={(e) => setNewProject(e.target.value)} placeholder="proj_abc123" className={inputClass} />
          </div>
          <div>
            <label htmlFor="map-new-team" className="block text-sm font-medium text-gray-700">
              Team
            </label>
            <select id="map-new-team" value={newTeam} onChange={(e) => setNewTeam(e.target.value)} className={inputClass}>
              {teams.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" disabled={!newProject.trim() || saving !== null}>
            Add mapping
          </Button>
        </form>
      ) : (
        <p className="mt-3 text-xs text-gray-500">Only admins change mappings.</p>
      )}
    </Card>
  );
}
