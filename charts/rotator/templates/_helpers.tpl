{{/* Names: at most 63 characters (a DNS label), as every object name and label value must be. */}}
{{- define "rotator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rotator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rotator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rotator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "rotator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rotator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "rotator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "rotator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rotator
{{- end }}

{{- define "rotator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "rotator.leaseName" -}}
{{- default (printf "%s-leader" (include "rotator.fullname" .)) .Values.leaderElection.leaseName | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The operator's permissions. These are exactly the rules of config/rbac/clusterrole.yaml and
config/rbac/leader-election-role.yaml, which stay the single source: a test renders the chart and
fails when these differ from them. Change config/rbac first, then these.
*/}}
{{- define "rotator.operatorRules" -}}
- apiGroups: [rotator.io]
  resources: [rotatingsecrets]
  verbs: [get, list, watch, patch]
- apiGroups: [rotator.io]
  resources: [rotatingsecrets/status]
  verbs: [patch]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch, create, update, delete]
- apiGroups: [apps]
  resources: [deployments, statefulsets, daemonsets]
  verbs: [get, list, patch]
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create, patch]
{{- end }}

{{- define "rotator.leaderElectionRules" -}}
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, create, update]
{{- end }}

{{/* The operator's config file (docs/configuration.md): only what a flag cannot express (maps). */}}
{{- define "rotator.configJson" -}}
{{- $config := dict }}
{{- with .Values.operator.tenancy }}
{{- $_ := set $config "Tenancy" . }}
{{- end }}
{{- with .Values.operator.logLevels }}
{{- $_ := set $config "Logging" (dict "LogLevel" .) }}
{{- end }}
{{- toPrettyJson $config }}
{{- end }}

{{/*
A CA bundle volume (mysql-ca, ldap-ca): the chosen key of a ConfigMap or a Secret, mounted as ca.crt.
Call with (dict "name" "mysql-ca" "values" "mysql.caBundle" "bundle" .Values.mysql.caBundle).
*/}}
{{- define "rotator.caBundleVolume" -}}
{{- $bundle := .bundle }}
{{- if and $bundle.configMap $bundle.secret }}
{{- fail (printf "%s: name a configMap or a secret, not both" .values) }}
{{- else if $bundle.configMap }}
- name: {{ .name }}
  configMap:
    name: {{ $bundle.configMap }}
    items:
      - key: {{ $bundle.key }}
        path: ca.crt
{{- else if $bundle.secret }}
- name: {{ .name }}
  secret:
    secretName: {{ $bundle.secret }}
    items:
      - key: {{ $bundle.key }}
        path: ca.crt
{{- end }}
{{- end }}
