{{/* Name of every object: the release name, or <release>-fte when it does not contain "fte". */}}
{{- define "fte.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "fte.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: customer-success-fte
{{- end -}}

{{/* Selector labels of one role; call with (dict "root" $ "role" "gateway"). */}}
{{- define "fte.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{/* "true" when an autoscaler owns the replica count of the role. */}}
{{- define "fte.autoscaled" -}}
{{- if and (eq .role "gateway") .root.Values.gateway.autoscaling.enabled -}}true{{- end -}}
{{- if and (eq .role "agent") .root.Values.agent.keda.enabled -}}true{{- end -}}
{{- end -}}

{{- define "fte.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The fte container's fixed parts (image, security, writable mounts); call with the root. */}}
{{- define "fte.containerCommon" -}}
image: {{ include "fte.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
  {{- toYaml .Values.containerSecurityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  - name: data
    mountPath: /var/lib/fte
{{- end -}}

{{/* Pod-level settings shared by every fte pod; call with the root. */}}
{{- define "fte.podCommon" -}}
serviceAccountName: {{ include "fte.fullname" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 64Mi
  - name: data
    emptyDir:
      sizeLimit: 256Mi
{{- end -}}
