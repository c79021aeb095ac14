using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary><c>[[groups]]</c>: name, preferred node and resource strings.</summary>
sealed partial class ConfigBuilder
{
    const string VolumeResource = "volume::";

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
        var resources = new List<string>();
        foreach (var (resource, at) in r.StringList("resources"))
        {
            resources.Add(resource);
            if (resource.Trim().Length == 0)
                r.Error(at, "resources", "a resource cannot be empty");
            if (!resource.StartsWith(VolumeResource, StringComparison.Ordinal))
                continue;
            var volume = resource[VolumeResource.Length..];
            if (!volumes.ContainsKey(volume))
                r.Error(at, "resources", $"\"{resource}\" names no volume in [volumes]{DidYouMean.Hint(volume, volumes.Keys)} (volumes: {(volumes.Count == 0 ? "none" : string.Join(", ", volumes.Keys))})");
            else if (!volumeOwners.TryAdd(volume, name))
                r.Error(at, "resources", $"volume {volume} is already in group {volumeOwners[volume]}; a volume can belong to one group only");
        }
        r.RejectUnknown();
        return new GroupOptions { Name = name, Preferred = preferred?.Value, Resources = resources };
    }
}
