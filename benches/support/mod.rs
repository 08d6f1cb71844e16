//! What the benchmarks share.

/// The peak resident memory of process `pid` (`"self"` for this one) so
/// far, in MB, from `/proc/PID/status` (Linux).
pub fn vm_hwm_mb(pid: &str) -> Option<f64> {
    Some(status_kb(pid, "VmHWM:")? as f64 / 1024.0)
}

/// A `kB` line of `/proc/PID/status` (`"VmRSS:"`, `"VmHWM:"`), in kB.
pub fn status_kb(pid: &str, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
