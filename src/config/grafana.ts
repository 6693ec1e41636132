/**
 * The uid of the provisioned Prometheus datasource
 * (configs/grafana/provisioning/datasources/prometheus.yml). Dashboards reference their
 * datasource by uid, so generated dashboards take it from here; a test checks the YAML agrees.
 */
export const GRAFANA_DATASOURCE_UID = 'prometheus-histogram-demo';
