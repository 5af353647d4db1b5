#!/usr/bin/env bash
# Prints a Markdown plan preview of every synthesized stack of one environment
# (cdktf.out/stacks/todo-<env>-*), for the pull-request comment. A stack whose plan fails
# is shown with its error instead of failing the whole preview.
set -uo pipefail
env_name="${1:?usage: plan-preview.sh <environment>}"
echo "### Plan preview: \`${env_name}\`"
shopt -s nullglob
stacks=(cdktf.out/stacks/todo-"${env_name}"-*)
[ ${#stacks[@]} -gt 0 ] || { echo "No stacks synthesized for ${env_name}."; exit 0; }
for dir in "${stacks[@]}"; do
  name=$(basename "$dir")
  out=$(cd "$dir" && terraform init -input=false -no-color >/dev/null 2>&1 &&
    terraform plan -input=false -no-color -lock=false 2>&1)
  status=$?
  summary=$(grep -E '^(Plan:|No changes\.)' <<<"$out" | head -1)
  [ $status -eq 0 ] || summary="plan failed"
  echo
  echo "<details><summary><b>${name}</b>: ${summary:-see details}</summary>"
  echo
  echo '```'
  tail -c 20000 <<<"$out"
  echo '```'
  echo "</details>"
done
