import { useMutation } from '@tanstack/react-query';
import { CloudStackError } from '../errors';
import { runJob } from '../jobs';
import type { ApiRequest } from '../transport';

export type DiagnosticsType = 'ping' | 'traceroute' | 'arping';

export interface DiagnosticsOutput {
  stdout: string;
  stderr: string;
  exitcode: string;
}

async function job(command: 'runDiagnostics' | 'getDiagnosticsData', params: ApiRequest<'runDiagnostics' | 'getDiagnosticsData'>): Promise<Record<string, unknown>> {
  return (await runJob(command, params)).result as Record<string, unknown>;
}

/** runDiagnostics on a router or system VM: ping, traceroute or arping an address, with extra parameters. */
export function useRunDiagnostics() {
  return useMutation({
    mutationFn: async (v: { targetid: string; type: DiagnosticsType; ipaddress: string; params?: string }): Promise<DiagnosticsOutput> => {
      const p: ApiRequest<'runDiagnostics'> = { targetid: v.targetid, type: v.type, ipaddress: v.ipaddress, params: v.params?.trim() || undefined };
      const d = await job('runDiagnostics', p);
      return { stdout: String(d.stdout ?? ''), stderr: String(d.stderr ?? ''), exitcode: String(d.exitcode ?? '') };
    },
  });
}

/** getDiagnosticsData: the chosen files of a router or system VM as a download URL. */
export function useDiagnosticsData() {
  return useMutation({
    mutationFn: async (v: { targetid: string; files: string[] }): Promise<string> => {
      const p: ApiRequest<'getDiagnosticsData'> = { targetid: v.targetid, files: v.files.length ? v.files.join(',') : undefined };
      const d = await job('getDiagnosticsData', p);
      if (typeof d.url !== 'string') throw new CloudStackError('getDiagnosticsData', 530, 'The answer to getDiagnosticsData has no url');
      return d.url;
    },
  });
}
