#!/bin/bash
# The completion scripts and the manual page that `nianbao generate` makes: bash completion run as
# bash runs it (exact candidates for typed words), the zsh script parsed by zsh, the manual page
# formatted by groff without a warning and naming every command.
#   tests/shell_completion.sh NIANBAO SOURCE_DIR
set -u
nianbao="$1"
cd "$2" || exit 1
fail=0

source <("$nianbao" generate complete-bash) || { echo "FAIL: the bash script does not load"; exit 1; }
# Candidates for the words typed so far (the last one is being completed), sorted, on one line.
candidates() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _nianbao 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {
  local want="$1"
  shift
  local got
  got=$(candidates "$@")
  if [[ "$got" != "$want" ]]; then
    echo "FAIL: nianbao ${*:2}<TAB> gave '$got', expected '$want'"
    fail=1
  fi
}
expect "parse profiles" nianbao p
expect "check compare" nianbao c
expect "--output" nianbao parse --outp
expect "--csv --csv-bom --csv-form" nianbao parse --csv
expect "json table" nianbao parse --format ""
expect "json" nianbao parse --format = j
expect "always auto never" nianbao check --color = ""
expect "check trace" nianbao grammar ""
expect "trace" nianbao grammar tr
expect "complete-bash complete-zsh man" nianbao generate ""
expect "" nianbao parse -j ""
expect "tests/corpus/seeds" nianbao parse --profiles tests/corpus/see
expect "tests/corpus/seeds/000_7309f594a2168ba9.expected.json tests/corpus/seeds/000_7309f594a2168ba9.txt" \
  nianbao parse tests/corpus/seeds/000_7
# An option's value is not taken for a command: 'parse' after --profiles is a directory name.
expect "--color" nianbao check --profiles parse --col

if command -v zsh >/dev/null; then
  zsh -n <("$nianbao" generate complete-zsh) || { echo "FAIL: zsh cannot parse the zsh script"; fail=1; }
else
  echo "FAIL: zsh is not installed (scripts/setup.sh installs it)"
  fail=1
fi

page=$("$nianbao" generate man)
warnings=$(printf '%s' "$page" | groff -k -man -Tutf8 -wall -z 2>&1)
[[ -z "$warnings" ]] || { echo "FAIL: groff warns about the manual page: $warnings"; fail=1; }
text=$(printf '%s' "$page" | groff -k -man -Tutf8 -P-c 2>/dev/null | sed 's/.\x08//g')
for heading in "nianbao parse" "nianbao check" "nianbao grammar trace" "nianbao generate" "EXIT STATUS"; do
  grep -q "$heading" <<<"$text" || { echo "FAIL: the manual page lacks '$heading'"; fail=1; }
done
grep -q -- "--time-limit SECONDS" <<<"$text" || { echo "FAIL: the manual page lacks '--time-limit SECONDS'"; fail=1; }
exit $fail
