using Tandem.Config.Toml;
using Tandem.Resources.Specs;

namespace Tandem.Config;

/// <summary>
/// <c>[[groups.monitor]]</c> after a <c>[[groups]]</c> entry: a resource of that group with its own monitor
/// <c>interval</c> and/or <c>timeout</c>.
/// </summary>
sealed partial class ConfigBuilder
{
    const string MonitorHint = "write [[groups.monitor]] after the group's keys, with resource = \"...\" (a string of resources) and interval = \"5s\" and/or timeout = \"30s\"";

    List<ResourceMonitorOptions> ReadMonitors(TableReader group, IReadOnlyList<string> resources, TimeSpan interval, TimeSpan timeout)
    {
        var monitors = new List<ResourceMonitorOptions>();
        var entry = group.Entry("monitor");
        if (entry is null)
            return monitors;
        if (entry.Value is not TomlArray array)
        {
            diag.Error(entry.Value.Position, group.KeyPath("monitor"), $"expected [[groups.monitor]] sections (an array of tables), found {entry.Value.Describe}; {MonitorHint}");
            return monitors;
        }
        var listed = resources.Select(r => r.Trim()).ToList();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < array.Items.Count; i++)
        {
            var key = $"{group.KeyPath("monitor")}[{i}]";
            if (array.Items[i] is not TomlTable table)
            {
                diag.Error(array.Items[i].Position, key, $"expected each monitor entry to be a table, found {array.Items[i].Describe}; {MonitorHint}");
                continue;
            }
            var m = new TableReader(diag, table, key);
            if (ReadMonitor(m, key, listed, lines, interval, timeout) is { } monitor)
                monitors.Add(monitor);
            m.RejectUnknown("[[groups.monitor]] accepts resource, interval and timeout; keys of the group itself go above its first [[groups.monitor]]");
        }
        return monitors;
    }

    ResourceMonitorOptions? ReadMonitor(TableReader m, string key, List<string> listed, Dictionary<string, int> lines, TimeSpan groupInterval, TimeSpan groupTimeout)
    {
        var resource = m.RequiredString("resource", "name the resource exactly as it is written in the group's resources");
        var interval = OptionalDuration(m, "interval", groupInterval);
        var timeout = OptionalDuration(m, "timeout", groupTimeout);
        if (m.Table.Entries.All(e => e.Key == "resource")) // a misspelt key is reported as unknown instead
            diag.Error(m.Position, key,
                "this [[groups.monitor]] sets neither interval nor timeout; add interval = \"5s\" and/or timeout = \"30s\", or remove it");
        if (m.Table.TryGet("resource", out var at) && at.Value is TomlString name && resource.Trim().Length > 0)
        {
            var id = resource.Trim();
            if (!listed.Contains(id))
            {
                m.Error(name, "resource",
                    $"\"{id}\" is not a resource of this group{DidYouMean.Hint(id, listed)}; write it exactly as in resources ({(listed.Count == 0 ? "none" : string.Join(", ", listed.Select(r => $"\"{r}\"")))})");
                return null;
            }
            if (!lines.TryAdd(id, name.Position.Line))
            {
                m.Error(name, "resource", $"\"{id}\" already has a [[groups.monitor]] at line {lines[id]}; merge the two into one");
                return null;
            }
            if (timeout is not null && ResourceSpecParser.TryParse(id, out var spec, out _) && spec is MySqlSpec { Options.MonitorTimeoutGiven: true } mysql
                && m.Table.TryGet("timeout", out var t))
                m.Error(t.Value, "timeout",
                    $"the resource string already sets monitor_timeout={Duration.Format(mysql.Options.MonitorTimeout)}; keep one of the two (drop ::monitor_timeout=... from the string, or this timeout)");
            return new ResourceMonitorOptions { Resource = id, Interval = interval, Timeout = timeout };
        }
        return null;
    }

    /// <summary>A positive duration when the key is present (errors reported as for any duration), else null.</summary>
    static TimeSpan? OptionalDuration(TableReader r, string key, TimeSpan groupValue)
    {
        var value = r.Duration(key, groupValue);
        return r.Table.TryGet(key, out _) ? value : null;
    }
}
