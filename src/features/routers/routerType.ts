import type { Router } from '../../api/schemas';

/** The kinds of virtual router CloudStack runs: plain VR, VPC VR and redundant VR (DomainRouterResponse's vpcid and isredundantrouter). */
export const ROUTER_TYPES = ['VR', 'VPC VR', 'Redundant VR'] as const;
export type RouterType = (typeof ROUTER_TYPES)[number];

/** A router of a VPC is a VPC VR; otherwise one of a redundant pair is a redundant VR; else a plain VR. */
export function routerType(r: Pick<Router, 'vpcid' | 'isredundantrouter'>): RouterType {
  if (r.vpcid) return 'VPC VR';
  if (r.isredundantrouter) return 'Redundant VR';
  return 'VR';
}

/** PRIMARY/BACKUP (or FAULT, UNKNOWN) for a redundant router; nothing for the others. */
export function redundantRole(r: Pick<Router, 'isredundantrouter' | 'redundantstate'>): string | undefined {
  return r.isredundantrouter ? (r.redundantstate ?? 'UNKNOWN') : undefined;
}
