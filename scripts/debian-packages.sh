# Sourced by scripts/test.sh and scripts/demo.sh: installs Debian packages, through sudo when not root, and waits
# (up to 10 minutes) for another apt or dpkg process to let go of its locks instead of failing at once.
# DPkg::Lock::Timeout covers dpkg's locks; Debian 12's apt-get update does not honour it for the package lists'
# lock, so that step retries while apt reports the lock held.

debian_install() {
  local sudo_cmd="" err waited=0
  [[ "$(id -u)" != 0 ]] && sudo_cmd="sudo"
  err="$(mktemp)"
  until $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 update -qq 2>"$err" && ! grep -q '^E:' "$err"; do
    if grep -q 'Could not get lock' "$err" && ((waited < 600)); then
      ((waited == 0)) && echo "apt: another apt or dpkg process holds the package lists' lock; waiting (up to 10 min)" >&2
      sleep 5
      waited=$((waited + 5))
    else
      cat "$err" >&2
      rm -f "$err"
      return 1
    fi
  done
  rm -f "$err"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}
