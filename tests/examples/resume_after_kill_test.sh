#!/usr/bin/env bash
# The main job's resume promise: a run killed with SIGKILL at a random point of epoch 2, then
# continued with --resume, ends with the same weights, byte for byte, as an uninterrupted run
# (same thread count). Uses a 4096-image subset so that it takes seconds.
#   resume_after_kill_test.sh <train_fashion_mnist binary> <scratch dir>
set -euo pipefail
binary=$1
scratch=$2
data=/usr/share/datasets/fashion-mnist
if [[ ! -d $data ]]; then
  echo "SKIP: $data missing (Debian package dataset-fashion-mnist; scripts/setup installs it)"
  exit 77
fi
rm -rf "$scratch"
mkdir -p "$scratch"
args=(--model cnn --epochs 2 --subset 4096 --threads 2 --workers 2 --seed 7 --log-every 16)

"$binary" "${args[@]}" --out "$scratch/whole" > "$scratch/whole.log"

"$binary" "${args[@]}" --out "$scratch/killed" > "$scratch/killed.log" &
pid=$!
# Wait for the end of epoch 1 (its checkpoint), then kill at a random point of epoch 2.
while [[ ! -f $scratch/killed/checkpoint.safetensors ]]; do
  kill -0 "$pid" 2>/dev/null || { echo "FAIL: the run ended before its first checkpoint"; cat "$scratch/killed.log"; exit 1; }
  sleep 0.05
done
sleep "0.$((RANDOM % 8 + 1))"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
if [[ -f $scratch/killed/model.safetensors ]]; then
  echo "FAIL: the run finished before the kill; nothing was interrupted"
  exit 1
fi
echo "killed during epoch 2 after: $(tail -n 1 "$scratch/killed.log")"

"$binary" "${args[@]}" --out "$scratch/killed" --resume > "$scratch/resumed.log"
grep -q "resumed from" "$scratch/resumed.log" || { echo "FAIL: --resume did not load the checkpoint"; exit 1; }
if ! cmp "$scratch/whole/model.safetensors" "$scratch/killed/model.safetensors"; then
  echo "FAIL: the resumed run's weights differ from the uninterrupted run's"
  exit 1
fi
whole=$(tail -n 1 "$scratch/whole.log")
resumed=$(tail -n 1 "$scratch/resumed.log")
[[ $whole == "$resumed" ]] || { echo "FAIL: last lines differ: '$whole' vs '$resumed'"; exit 1; }
[[ $whole =~ ^test_accuracy=0\.[0-9]{4}$ ]] || { echo "FAIL: last line is '$whole'"; exit 1; }
echo "PASS: identical weights after kill + resume ($whole)"
