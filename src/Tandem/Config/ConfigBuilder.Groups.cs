using Tandem.Config.Toml;
using Tandem.Resources.Specs;

namespace Tandem.Config;

/// <summary><c>[[groups]]</c>: name, preferred node, resource strings and monitor policy (per resource: ConfigBuilder.GroupMonitors.cs).</summary>
sealed partial class ConfigBuilder
{
    IReadOnlyList<GroupOptions> ReadGroups(TableReader root, IReadOnlyDictionary<string, NodeOptions> nodes, IReadOnlyDictionary<string, VolumeOptions> volumes)
    {
        var groups = new List<GroupOptions>();
        var entry = root.Entry("groups");
        if (entry is null)
            return groups;
        if (entry.Value is not TomlArray array)
        {
            diag.Error(entry.Value.Position, "groups",
                $"expected [[groups]] sections (an array of tables), found {entry.Value.Describe}; write [[groups]] followed by name = \"...\"");
            return groups;
        }
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var volumeOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is not TomlTable table)
            {
                diag.Error(array.Items[i].Position, "groups", $"expected each group to be a table, found {array.Items[i].Describe}");
                continue;
            }
            var r = new TableReader(diag, table, $"groups[{i}]");
            var group = ReadGroup(r, nodes, volumes, volumeOwners);
            if (group.Name.Length > 0 && !names.TryAdd(group.Name, table.Position.Line))
                diag.Error(diag.PositionOf(r.KeyPath("name"), table.Position), r.KeyPath("name"),
                    $"group name \"{group.Name}\" is already used at line {names[group.Name]}; give each group its own name");
            groups.Add(group);
        }
        return groups;
    }

    GroupOptions ReadGroup(TableReader r, IReadOnlyDictionary<string, NodeOptions> nodes,
        IReadOnlyDictionary<string, VolumeOptions> volumes, Dictionary<string, string> volumeOwners)
    {
        var name = r.RequiredString("name", "add name = \"mysql\" (it names the group in status and logs)");
        var preferred = r.Get<TomlString>("preferred", "a node name in quotes");
        if (preferred is not null && !nodes.ContainsKey(preferred.Value))
            r.Error(preferred, "preferred",
                $"\"{preferred.Value}\" is not a node in [nodes]{DidYouMean.Hint(preferred.Value, nodes.Keys)} (nodes: {string.Join(", ", nodes.Keys)})");
        var resources = ReadResources(r, name, volumes, volumeOwners);
        var monitorInterval = r.Duration("monitor_interval", Defaults.MonitorInterval);
        var monitorTimeout = r.Duration("monitor_timeout", Defaults.MonitorTimeout);
        var group = new GroupOptions
        {
            Name = name,
            Preferred = preferred?.Value,
            Resources = resources,
            MonitorInterval = monitorInterval,
            MonitorTimeout = monitorTimeout,
            StartTimeout = r.Duration("start_timeout", Defaults.StartTimeout),
            StopTimeout = r.Duration("stop_timeout", Defaults.StopTimeout),
            MaxRestarts = Count(r, "max_restarts", Defaults.MaxRestarts, 1000),
            RestartWindow = r.Duration("restart_window", Defaults.RestartWindow),
            StopRetries = Count(r, "stop_retries", Defaults.StopRetries, 100),
            Monitors = ReadMonitors(r, resources, monitorInterval, monitorTimeout),
        };
        var slowest = group.Monitors.Select(m => m.Interval).OfType<TimeSpan>().Append(group.MonitorInterval).Max();
        if (group.MaxRestarts > 0 && group.RestartWindow < slowest * group.MaxRestarts)
            diag.Warning(diag.PositionOf(r.KeyPath("restart_window"), r.Position), r.KeyPath("restart_window"),
                $"{Duration.Format(group.RestartWindow)} is shorter than max_restarts x monitor interval ({group.MaxRestarts} x {Duration.Format(slowest)}), so a resource that keeps failing may be restarted here forever instead of moving to the peer; make the window longer");
        r.RejectUnknown();
        return group;
    }

    List<string> ReadResources(TableReader r, string group, IReadOnlyDictionary<string, VolumeOptions> volumes, Dictionary<string, string> volumeOwners)
    {
        var resources = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (resource, at) in r.StringList("resources"))
        {
            var key = $"{r.KeyPath("resources")}[{resources.Count}]";
            resources.Add(resource);
            if (!ResourceSpecParser.TryParse(resource, out var spec, out var error))
            {
                diag.Error(at.Position, key, error);
                continue;
            }
            if (!seen.Add(spec.Id))
                diag.Error(at.Position, key, $"\"{spec.Id}\" is listed twice in this group; keep one");
            switch (spec)
            {
                case VolumeSpec v when !volumes.ContainsKey(v.Volume):
                    diag.Error(at.Position, key, $"\"{resource}\" names no volume in [volumes]{DidYouMean.Hint(v.Volume, volumes.Keys)} (volumes: {(volumes.Count == 0 ? "none" : string.Join(", ", volumes.Keys))})");
                    break;
                case VolumeSpec v when !volumeOwners.TryAdd(v.Volume, group):
                    diag.Error(at.Position, key, $"volume {v.Volume} is already in group {volumeOwners[v.Volume]}; a volume can belong to one group only");
                    break;
                case ScriptSpec s when ResourceSpecParser.SuggestBuiltIn(s) is { } builtIn:
                    diag.Warning(at.Position, key, $"\"{s.Name}\" is run as a script from /etc/tandem/resource.d, /etc/ha.d/resource.d or /etc/init.d; did you mean the built-in {builtIn}?");
                    break;
            }
        }
        return resources;
    }

    static int Count(TableReader r, string key, int fallback, int max)
    {
        var value = r.Get<TomlInteger>(key, $"a whole number such as {fallback}");
        if (value is null)
            return fallback;
        if (value.Value < 0 || value.Value > max)
        {
            r.Error(value, key, $"must be between 0 and {max} (the default is {fallback})");
            return fallback;
        }
        return (int)value.Value;
    }
}
