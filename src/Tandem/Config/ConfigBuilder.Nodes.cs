using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary><c>[nodes.NAME]</c>: one or two nodes.</summary>
sealed partial class ConfigBuilder
{
    IReadOnlyDictionary<string, NodeOptions> ReadNodes(TableReader root)
    {
        var nodes = new OrderedDictionary<string, NodeOptions>(StringComparer.Ordinal);
        var table = root.SubTable("nodes", "tables such as [nodes.db-server-01]");
        if (table is null)
        {
            if (!root.Table.TryGet("nodes", out _))
                diag.Error("nodes", "missing; add a [nodes.NAME] section for each of the two machines (NAME as printed by uname -n)");
            return nodes;
        }
        var all = root.Child(table, "nodes");
        foreach (var entry in table.Entries)
        {
            var node = ReadNode(all, entry);
            if (node is not null)
                nodes.Add(node.Name, node);
        }
        all.RejectUnknown();
        if (table.Count == Defaults.MaxNodes)
            CheckHeartbeatsPresent(all, table);
        if (table.Count == 0)
            diag.Error(table.Position, "nodes", "no nodes; add a [nodes.NAME] section for each of the two machines");
        else if (table.Count > Defaults.MaxNodes)
        {
            var extra = table.Entries.ElementAt(Defaults.MaxNodes);
            diag.Error(extra.KeyPosition, all.KeyPath(extra.Key),
                $"Tandem is a two-node cluster but [nodes] lists {table.Count} nodes ({string.Join(", ", table.Entries.Select(e => e.Key))}); keep two");
        }
        return nodes;
    }

    NodeOptions? ReadNode(TableReader all, TomlEntry entry)
    {
        var name = entry.Key;
        var sub = all.SubTable(name, $"a table: [nodes.{TomlFormat.KeyPart(name)}]");
        if (!IsValidName(name))
            diag.Error(entry.KeyPosition, all.KeyPath(name), $"node name \"{name}\" is not valid; {NameRule} (it is matched against the host name)");
        if (sub is null)
            return null;
        var r = all.Child(sub, name);
        var heartbeat = new List<string>();
        foreach (var (endpoint, at) in r.StringList("heartbeat"))
        {
            if (HostPort.TryParse(endpoint, out _, out _, out var error, examplePort: 694))
                heartbeat.Add(endpoint);
            else
                r.Error(at, "heartbeat", error);
        }
        var node = new NodeOptions
        {
            Name = name,
            Heartbeat = heartbeat,
            ControlSocket = r.AbsolutePath("control_socket", Defaults.ControlSocket),
        };
        r.RejectUnknown();
        return node;
    }

    /// <summary>With two nodes, each needs a heartbeat endpoint, or neither ever hears the other.</summary>
    void CheckHeartbeatsPresent(TableReader all, TomlTable table)
    {
        foreach (var entry in table.Entries)
        {
            if (entry.Value is not TomlTable node)
                continue;
            var key = $"{all.KeyPath(entry.Key)}.heartbeat";
            if (!node.TryGet("heartbeat", out var heartbeat))
                diag.Error(node.Position, key, "missing; add heartbeat = [\"IP:694\"] with this node's address on each heartbeat link, or the two nodes never hear each other");
            else if (heartbeat.Value is TomlArray { Items.Count: 0 })
                diag.Error(heartbeat.Value.Position, key, "is empty; list this node's address on each heartbeat link, such as [\"IP:694\"], or the two nodes never hear each other");
        }
    }
}
