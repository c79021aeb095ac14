using System.Globalization;

namespace Tandem.Config.Import;

/// <summary>ha.cf durations and the directives that have no Tandem equivalent.</summary>
public static partial class HaCfReader
{
    /// <summary>Heartbeat's get_msec: a number (decimals allowed) of seconds, or with a unit ms, s or us.</summary>
    internal static TimeSpan? Time(string text, string directive, SourceLine at, ImportDiagnostics diag)
    {
        var split = 0;
        while (split < text.Length && (char.IsAsciiDigit(text[split]) || text[split] == '.'))
            split++;
        var unit = text[split..].ToLowerInvariant();
        var scale = unit switch { "" or "s" => 1000m, "ms" => 1m, "us" => 0.001m, _ => 0m };
        if (split == 0 || scale == 0 || !decimal.TryParse(text[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            diag.Error(at, $"{directive} \"{text}\" is not a time; write seconds (\"2\") or milliseconds (\"500ms\")");
            return null;
        }
        var ms = amount * scale;
        if (ms <= 0 || ms > (decimal)Duration.Max.TotalMilliseconds)
        {
            diag.Error(at, $"{directive} \"{text}\" must be more than 0 and at most 365 days");
            return null;
        }
        if (ms != decimal.Truncate(ms))
        {
            diag.Warn(at, $"{directive} \"{text}\" is not a whole number of milliseconds; rounded up to {decimal.Ceiling(ms)}ms");
            ms = decimal.Ceiling(ms);
        }
        return TimeSpan.FromMilliseconds((long)ms);
    }

    /// <summary>Directives read but not carried over, and why (each is one warning).</summary>
    static readonly Dictionary<string, string> NotCarried = new(StringComparer.Ordinal)
    {
        ["logfile"] = "Tandem logs to stderr (the journal under systemd)",
        ["debugfile"] = "Tandem logs to stderr (the journal under systemd)",
        ["logfacility"] = "Tandem logs to stderr (the journal under systemd)",
        ["use_logd"] = "Tandem logs to stderr (the journal under systemd)",
        ["debug"] = "Tandem's log level is set with the logging configuration, not in the cluster config",
        ["ping"] = "ping nodes are not supported; Tandem decides with its own peer checks and, where configured, a fencing or tiebreaker step",
        ["ping_group"] = "ping nodes are not supported; Tandem decides with its own peer checks and, where configured, a fencing or tiebreaker step",
        ["deadping"] = "ping nodes are not supported",
        ["respawn"] = "Tandem does not start helper programs (ipfail's job is done by the resource monitors)",
        ["apiauth"] = "Tandem has no client API to authorise; the control socket is root-only",
        ["stonith"] = "STONITH devices are not imported; configure fencing in Tandem",
        ["stonith_host"] = "STONITH devices are not imported; configure fencing in Tandem",
        ["crm"] = "Tandem manages the groups itself (haresources style); a CRM/Pacemaker configuration is not imported",
        ["pacemaker"] = "Tandem manages the groups itself (haresources style); a CRM/Pacemaker configuration is not imported",
        ["serial"] = "serial heartbeat links are not supported; use a second network link",
        ["baud"] = "serial heartbeat links are not supported; use a second network link",
        ["watchdog"] = "Tandem does not drive a watchdog device",
        ["autojoin"] = "Tandem has exactly the two nodes of the config",
        ["hopfudge"] = "Tandem does not relay heartbeats",
        ["realtime"] = "set scheduling priority in the service unit instead",
        ["rtprio"] = "set scheduling priority in the service unit instead",
        ["compression"] = "Tandem heartbeats are small and never compressed",
        ["compression_threshold"] = "Tandem heartbeats are small and never compressed",
        ["traditional_compression"] = "Tandem heartbeats are small and never compressed",
        ["msgfmt"] = "Tandem has its own message format",
        ["max_rexmit_delay"] = "Tandem heartbeats are not retransmitted",
        ["conn_logd_time"] = "Tandem logs to stderr (the journal under systemd)",
        ["uuidfrom"] = "Tandem names nodes by name only",
        ["hbgenmethod"] = "Tandem keeps its own restart generation",
        ["coredumps"] = "core dumps are set in the service unit",
        ["coreroot"] = "core dumps are set in the service unit",
        ["register_to_apphbd"] = "apphbd is not used",
        ["badpack_warn"] = "Tandem always counts and logs bad packets",
        ["env"] = "set environment variables in the service unit",
        ["record_config_changes"] = "there is no CIB in Tandem",
        ["record_pengine_inputs"] = "there is no CIB in Tandem",
        ["enable_config_writes"] = "there is no CIB in Tandem",
        ["memreserve"] = "not needed",
        ["quorum_server"] = "quorum servers are not supported",
    };
}
