#!/usr/bin/env bats
# The learner's loop in Japanese (lib/i18n.sh, lib/messages/ja.tsv), tried in a
# throw-away copy of the workbook: make step-1's next line and the Japanese
# questions, make check's guidance for a wrong answer, make hint, reset, the
# language from LANG, one line for an unknown WORKBOOK_LANG, English as
# before without it, and the catalogue's Japanese for steps 02-08's expected texts.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  export COPY="$BATS_FILE_TMPDIR/workbook"
  (. "$root/lib/workbook.sh" && copy_workbook "$COPY" --built)
  # Step 01's Japanese hints and questions, as fixtures where they are not written yet.
  [ -s "$COPY/steps/01-cpu/hints.ja.md" ] ||
    printf '# ステップ 01 — ヒント\n\n## 1\n\n最初のヒントです。\n\n## 2\n\n二番目のヒントです。\n' >"$COPY/steps/01-cpu/hints.ja.md"
  [ -s "$COPY/steps/01-cpu/answers.ja.md" ] ||
    sed -e 's/^# Step 01 — your answers$/# ステップ 01 — 解答/' "$COPY/steps/01-cpu/answers.md" >"$COPY/steps/01-cpu/answers.ja.md"
  # reset finds the starter files in git's HEAD, as in a learner's clone.
  git -C "$COPY" init -q && git -C "$COPY" add -A &&
    git -C "$COPY" -c user.name=t -c user.email=t@t commit -qm starter
  # The task once for the file (it takes seconds of CPU), in Japanese; the tests read what it printed.
  (cd "$COPY" && as_learner WORKBOOK_LANG=ja make -s step-1 >"$BATS_FILE_TMPDIR/step-1.out" 2>&1)
}

setup() {
  load ../checker
  cd "$COPY" || return 1
  rm -rf .learner/hints
}

# Runs a command with the given VAR=VALUE settings and no language from the caller's environment.
as_learner() {
  env -u WORKBOOK_LANG -u LC_ALL -u LC_MESSAGES -u LANG "$@"
}

# Puts TEXT after KEY: in step 01's answers.md.
answer() {
  sed -i "s/^$1:.*/$1: $2/" steps/01-cpu/answers.md
}

@test "WORKBOOK_LANG=ja make step-1 ends with its next line in Japanese and gives answers.md the Japanese questions" {
  run cat "$BATS_FILE_TMPDIR/step-1.out"
  assert_line --regexp '^次に: .*steps/01-cpu/answers\.md.*make check STEP=1'
  assert_line "steps/01-cpu/answers.md の質問を日本語にしました (キーは同じです。各解答はコロンの後ろに書いてください)"
  refute_output --partial "Next:"
  cmp steps/01-cpu/answers.ja.md steps/01-cpu/answers.md
}

@test "make check STEP=1 with a wrong answer explains it in Japanese: the labels and step 01's expected text" {
  git checkout -q -- steps/01-cpu/answers.md
  answer hottest main
  run as_learner WORKBOOK_LANG=ja make -s check STEP=1
  [ "$status" -ne 0 ]
  assert_line "      期待:   hottest: 最上行の関数 (google-pprof --text out/bench out/cpu.prof から読み取った値)"
  assert_line "      実際:   hottest: main"
  assert_line "      ヒント: make hint STEP=1"
  assert_line "      実際:   fib_caller: <answers.md にまだ解答がありません>"
  assert_line "✗ ステップ 1: 不合格のチェックがあります (ヒント: make hint STEP=1)"
  assert_line --regexp '^次に: ステップ 1 — steps/01-cpu/answers\.md の質問に答えてから make check STEP=1'
  assert_line --regexp '^  1 +cpu +✗ 不合格 +[0-9]+/12 合格$'
  refute_output --partial "expected:"
  # Without it the same results speak English, as they always did (only the answer checks run again).
  run as_learner make -s check STEP=1
  assert_line "      expected: hottest: the top row's function (read from google-pprof --text out/bench out/cpu.prof)"
  assert_line "      found:    hottest: main"
  assert_line --regexp '^Next: step 1 — answer the questions in steps/01-cpu/answers\.md, then make check STEP=1$'
  refute_output --partial "期待"
}

@test "make hint STEP=1 shows the Japanese hints, and a Japanese LANG picks them too" {
  run -0 as_learner WORKBOOK_LANG=ja make -s hint STEP=1
  assert_line "ヒント 1/$(grep -c '^## ' steps/01-cpu/hints.ja.md) (ステップ 1、01-cpu):"
  assert_line "  $(awk '/^## 1$/ { on = 1; next } on && NF { print; exit }' steps/01-cpu/hints.ja.md)"
  assert_output --partial "make hint STEP=1 で次のヒントを表示します"
  run -0 as_learner LANG=ja_JP.UTF-8 make -s hint STEP=1
  assert_line --regexp '^ヒント 2/[0-9]+ \(ステップ 1、01-cpu\):$'
  run -0 as_learner LANG=ja_JP.UTF-8 LC_ALL=C.UTF-8 scripts/progress
  assert_output --partial "Next:"
  run -0 as_learner LANG=C.UTF-8 LC_MESSAGES=ja_JP.UTF-8 scripts/progress
  assert_output --partial "次に:"
  run -0 as_learner LANG=ja_JP.UTF-8 WORKBOOK_LANG=en make -s hint STEP=1 FROM=1
  assert_line "Hint 1 of $(grep -c '^## ' steps/01-cpu/hints.md) for step 1 (01-cpu):"
}

@test "a step with no Japanese hints shows the English ones after a one-line note" {
  rm steps/00-env/hints.ja.md
  run -0 as_learner WORKBOOK_LANG=ja scripts/hint 0
  [ "${lines[0]}" = "(ステップ 0 にはまだ hints.ja.md がありません。英語のヒントを表示します)" ]
  assert_line "  $(awk '/^## 1$/ { on = 1; next } on && NF { print; exit }' steps/00-env/hints.md)"
  git checkout -q -- steps/00-env/hints.ja.md
}

@test "an unknown WORKBOOK_LANG stops make hint and the scripts with one line and a non-zero status" {
  run --separate-stderr as_learner WORKBOOK_LANG=xx make -s hint STEP=1
  [ "$status" -ne 0 ]
  [ "$(printf '%s\n' "$stderr" | grep -c .)" = 1 ] || { echo "want one line, got: $stderr" >&2; return 1; }
  [[ "$stderr" == *"WORKBOOK_LANG must be ja or en, got 'xx'"* ]]
  [ -z "$output" ]
  run --separate-stderr as_learner WORKBOOK_LANG=xx scripts/progress
  [ "$status" = 2 ] && [ "$stderr" = "error: WORKBOOK_LANG must be ja or en, got 'xx'" ] && [ -z "$output" ]
}

@test "reset in Japanese writes the Japanese questions, restore brings the answers back, and an untouched answers.md is the starter in either language" {
  git checkout -q -- steps/01-cpu/answers.md
  run -0 as_learner WORKBOOK_LANG=ja make -s reset STEP=1
  assert_output --partial "の質問を日本語にしました"
  assert_output --partial "ステップ 1 はすでに初期状態です"
  cmp steps/01-cpu/answers.ja.md steps/01-cpu/answers.md
  run -0 as_learner make -s reset STEP=1
  assert_output --partial "now holds the questions in your language"
  assert_output --partial "step 1 is already the starter"
  git diff --quiet -- steps/01-cpu/answers.md
  answer hottest fib
  run -0 as_learner WORKBOOK_LANG=ja make -s reset STEP=1
  assert_line --regexp '^ステップ 1 を初期状態に戻しました: '
  cmp steps/01-cpu/answers.ja.md steps/01-cpu/answers.md
  run -0 as_learner WORKBOOK_LANG=ja make -s restore STEP=1
  assert_line --regexp '^ステップ 1 を .* から戻しました$'
  refute_output --partial "置き換えたファイル"
  grep -qx 'hottest: fib' steps/01-cpu/answers.md
  git checkout -q -- steps/01-cpu/answers.md
}

@test "the catalogue: a text with no entry prints in English, values are translated in turn and may be reordered" {
  run -0 bash -c '. lib/workbook.sh && WORKBOOK_LANG=ja && . lib/i18n.sh && printf "%s\n" \
    "something the catalogue does not know" "expected: steps/01-cpu/out/cpu.prof made by the step'\''s task" \
    "found:    a genuine cpu profile of out/bench with at least 100 samples" "    hint:     make hint STEP=3" | i18n_stream'
  assert_equal "${lines[0]}" "something the catalogue does not know"
  assert_equal "${lines[1]}" "期待:   ステップのタスクが作る steps/01-cpu/out/cpu.prof"
  assert_equal "${lines[2]}" "実際:   out/bench の本物の cpu プロファイル (サンプル 100 個以上)"
  assert_equal "${lines[3]}" "    ヒント: make hint STEP=3"
}

@test "every catalogue entry is English, a tab and a translation with the same values" {
  local file id str ids strs
  for file in lib/messages/*.tsv; do
    while IFS= read -r line; do
      if [[ "$line" == \#* ]]; then continue; fi
      [[ "$line" == *$'\t'* ]] || { echo "$file: no tab in: $line" >&2; return 1; }
      id=${line%%$'\t'*} str=${line#*$'\t'}
      [ -n "$id" ] && [ -n "$str" ] && [[ "$str" != *$'\t'* ]] || { echo "$file: want ENGLISH<TAB>TRANSLATION: $line" >&2; return 1; }
      ids=$(grep -o '%s' <<<"$id" | wc -l) strs=$(grep -oE '%([1-9]\$)?s' <<<"$str" | wc -l)
      [ "$ids" = "$strs" ] || { echo "$file: $ids values in the English, $strs in: $str" >&2; return 1; }
    done <"$file"
  done
}

# Translates stdin into Japanese with the catalogue, as the learner's scripts do.
to_ja() {
  bash -c '. lib/workbook.sh && WORKBOOK_LANG=ja && . lib/i18n.sh && i18n_stream'
}

@test "every fixed expected text of steps 02 to 08's checks has its Japanese in the catalogue" {
  local texts untranslated
  texts=$(sed -nE 's/.*check_fail "([^"$]*)".*/expected: \1/p' steps/0[2-8]*/check.bats steps/0[2-8]*/checks.bash | sort -u)
  [ "$(grep -c . <<<"$texts")" -gt 40 ] || { echo "found too few check_fail texts to judge: $texts" >&2; return 1; }
  untranslated=$(paste -d '\t' <(printf '%s\n' "$texts") <(printf '%s\n' "$texts" | to_ja) | grep -vP '\t期待:   .*[\p{Han}\p{Hiragana}\p{Katakana}]' || true)
  [ -z "$untranslated" ] || { echo "no Japanese for: $untranslated" >&2; return 1; }
}

@test "steps 05 and 07's expected lines, as their checks compose them, come out in Japanese" {
  local what
  STEP=7 STEP_DIR=$BATS_TEST_TMPDIR
  what="peak RSS at divisor 1 in MiB"
  grep -qF "\"$what\"" steps/07-gc/check.bats
  printf 'rss_d1_mb: 99\n' >"$STEP_DIR/answers.md"
  run --separate-stderr assert_answer_near_percent rss_d1_mb MiB 24.8 5 "$what" out/sweep.csv
  [ "$status" -ne 0 ]
  run -0 to_ja <<<"$stderr"
  assert_line "期待:   rss_d1_mb: 除数 1 でのピーク RSS (MiB)、誤差 5% 以内 (out/sweep.csv から読み取った値)"
  assert_line "実際:   rss_d1_mb: 99 (大きすぎます)"
  STEP=5
  what="instructions in encode_batch_pooled than in encode_batch, over the same 1110 records (callgrind, out/results encode)"
  grep -qF "\"$what\"" steps/05-improve/check.bats
  run --separate-stderr assert_ratio_at_least 199554 211030 2.5 "$what"
  run -0 to_ja <<<"$stderr"
  assert_line "期待:   同じ 1110 レコードで、encode_batch_pooled の命令数が encode_batch の 2.5 分の 1 以下 (callgrind、out/results encode)"
  assert_line "実際:   0.9 倍 (変更前 199554、変更後 211030)"
  assert_line "ヒント: make hint STEP=5"
}
