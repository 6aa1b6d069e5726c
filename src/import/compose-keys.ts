/**
 * The keys Compose knows on a service (the Compose Specification's, and the docker-compose 1.x ones it still
 * reads), so the import can tell a key stackfile lacks from a key no Compose has: a typo gets "did you mean".
 */
import { didYouMean } from '../model/suggest';

const SERVICE_KEYS = [
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command', 'configs', 'container_name',
  'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares', 'cpus', 'cpuset', 'credential_spec',
  'depends_on', 'deploy', 'develop', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'domainname', 'entrypoint', 'env_file',
  'environment', 'expose', 'extends', 'external_links', 'extra_hosts', 'gpus', 'group_add', 'healthcheck', 'hostname', 'image', 'init', 'ipc',
  'isolation', 'label_file', 'labels', 'links', 'logging', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit',
  'models', 'network_mode', 'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start', 'pre_stop',
  'privileged', 'profiles', 'provider', 'pull_policy', 'pull_refresh_after', 'read_only', 'restart', 'runtime', 'scale', 'secrets', 'security_opt',
  'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user',
  'userns_mode', 'uts', 'volumes', 'volumes_from', 'working_dir',
  // docker-compose 1.x's file format 1 and 2.
  'dockerfile', 'log_driver', 'log_opt', 'net', 'volume_driver',
];

/** Why a service key has no translation: a Compose key stackfile lacks, or a typo of one. */
export function serviceKeyProblem(key: string, unsupported: string): string {
  if (SERVICE_KEYS.includes(key)) return unsupported;
  const suggestion = didYouMean(key, SERVICE_KEYS);
  return `not a Compose key${suggestion ? ` (${suggestion})` : ''}`;
}

/** The same for a top-level key. */
export function topLevelKeyProblem(key: string, known: readonly string[]): string {
  const suggestion = didYouMean(key, known);
  return `not a Compose top-level key${suggestion ? ` (${suggestion})` : ''}`;
}
