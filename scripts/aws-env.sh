# Sourced by the scripts: starts (or finds) the emulator and points the AWS SDKs at it. With
# REWIND_REAL_AWS=1 nothing is started and the SDKs use your AWS credentials and region as they are.
if [ "${REWIND_REAL_AWS:-}" != "1" ]; then
  AWS_ENDPOINT_URL="$(scripts/emulator.sh start)"
  export AWS_ENDPOINT_URL
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
  export AWS_REGION="${AWS_REGION:-us-east-1}"
else
  export REWIND_TEST_REAL_AWS=1
fi
