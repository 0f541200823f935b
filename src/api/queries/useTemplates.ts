import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Template } from '../schemas';
import { listAll } from '../pages';
import { callApi, type ApiRequest } from '../transport';
import { runJob } from '../jobs';

/** listTemplates' parameters with `templatefilter` optional: the hooks below default it to `all`. */
export type TemplatesParams = Omit<ApiRequest<'listTemplates'>, 'templatefilter'> & { readonly templatefilter?: ApiRequest<'listTemplates'>['templatefilter'] };

/** Templates (listTemplates templatefilter=all by default), narrowed by hypervisor, zone, type... */
export function getTemplates(params: TemplatesParams = {}, signal?: AbortSignal): Promise<Template[]> {
  return listAll('listTemplates', { templatefilter: 'all', ...params }, { signal });
}

export function templatesQueryOptions(params: TemplatesParams = {}) {
  return queryOptions({
    queryKey: ['listTemplates', params] as const,
    queryFn: ({ signal }) => getTemplates(params, signal),
  });
}

/**
 * Templates, polled every `pollMs` while `poll(list)` says something is in progress (downloads, copies).
 */
export function useTemplates(params: TemplatesParams = {}, poll?: (list: Template[]) => boolean, pollMs = 1000) {
  return useQuery({
    ...templatesQueryOptions(params),
    refetchInterval: (q) => (poll && q.state.data && poll(q.state.data) ? pollMs : false),
  });
}

function useInvalidateTemplates() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['listTemplates'] });
}

export function useRegisterTemplate() {
  const invalidate = useInvalidateTemplates();
  return useMutation({
    mutationFn: (params: ApiRequest<'registerTemplate'>) => callApi('registerTemplate', params),
    onSuccess: invalidate,
  });
}

/** Runs copyTemplate or deleteTemplate to the end of its job (src/api/jobs.ts). */
async function runTemplateJob(command: 'copyTemplate' | 'deleteTemplate', params: ApiRequest<'copyTemplate' | 'deleteTemplate'>, onStarted?: () => void): Promise<void> {
  await runJob(command, params, { intervalMs: 1000, onJob: () => onStarted?.() });
}

export function useCopyTemplate() {
  const invalidate = useInvalidateTemplates();
  return useMutation({
    mutationFn: (v: { id: string; destzoneid: string; sourcezoneid?: string }) => runTemplateJob('copyTemplate', v, () => void invalidate()),
    onSettled: invalidate,
  });
}

export function useDeleteTemplate() {
  const invalidate = useInvalidateTemplates();
  return useMutation({
    mutationFn: (v: { id: string; zoneid?: string }) => runTemplateJob('deleteTemplate', v, () => void invalidate()),
    onSettled: invalidate,
  });
}

/**
 * A failed download tried again: the failed template is deleted in its zone (deleteTemplate, waited for),
 * then registered again there with `params` (registerTemplate). CloudStack has no command that downloads a
 * failed template again, and updateTemplate cannot change a URL.
 */
export function useRetryTemplateDownload() {
  const invalidate = useInvalidateTemplates();
  return useMutation({
    mutationFn: async (v: { id: string; zoneid: string; params: ApiRequest<'registerTemplate'> }) => {
      await runJob('deleteTemplate', { id: v.id, zoneid: v.zoneid });
      return callApi('registerTemplate', v.params);
    },
    onSettled: invalidate,
  });
}
