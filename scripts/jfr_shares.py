"""Inclusive shares of the methods in a JFR recording's execution samples: how docs/PERFORMANCE.md's
profile figures are read. Usage (after a JMH run with -jvmArgsAppend -XX:StartFlightRecording=...):

    jfr print --events jdk.ExecutionSample /tmp/handler.jfr > /tmp/samples.txt
    python3 scripts/jfr_shares.py /tmp/samples.txt [substring ...]

Prints, for the 40 methods found in most samples (filtered by the substrings if given, default
dev.rewind and Jackson's tree deserializer), the share of samples whose stack holds them."""
import collections
import re
import sys


def main():
    text = open(sys.argv[1]).read()
    wanted = sys.argv[2:] or ["dev.rewind", "JsonNodeDeserializer.deserialize"]
    inclusive = collections.Counter()
    samples = 0
    for sample in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", sample, re.M)
        if frames:
            samples += 1
            inclusive.update(set(frames))
    print(f"samples {samples}")
    for method, count in inclusive.most_common():
        if any(w in method for w in wanted):
            print(f"{count * 100 / samples:5.1f}% {method}")


if __name__ == "__main__":
    main()
