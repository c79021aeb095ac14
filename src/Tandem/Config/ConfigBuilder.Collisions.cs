using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>Values that must differ: the two ends of a volume, and the volumes of one node.</summary>
sealed partial class ConfigBuilder
{
    /// <summary>The two nodes of a volume cannot listen on the same replication address.</summary>
    void CheckAddressesDiffer(TableReader volume, IReadOnlyDictionary<string, VolumeNodeOptions> on)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (node, v) in on)
        {
            if (v.Address.Length == 0)
                continue;
            if (seen.TryGetValue(v.Address, out var first))
            {
                var key = $"{volume.KeyPath("on")}.{TomlFormat.KeyPart(node)}.address";
                diag.Error(diag.PositionOf(key, volume.Position), key,
                    $"\"{v.Address}\" is also the address of node {first}; each node needs its own replication address (its own IP, or another port)");
            }
            else
                seen.Add(v.Address, node);
        }
    }

    /// <summary>On one node, two volumes cannot share an address, a disk, an NBD socket or an external metadata disk.</summary>
    void CheckVolumeCollisions(TableReader all, IReadOnlyDictionary<string, VolumeOptions> volumes, IReadOnlyDictionary<string, NodeOptions> nodes)
    {
        foreach (var node in nodes.Keys)
        {
            var used = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, volume) in volumes)
            {
                if (!volume.On.TryGetValue(node, out var v))
                    continue;
                var prefix = $"{all.KeyPath(name)}.on.{TomlFormat.KeyPart(node)}";
                Claim(used, prefix, "address", v.Address, name, "replication address");
                Claim(used, prefix, "disk", v.Disk, name, "disk");
                Claim(used, prefix, "nbd_socket", v.NbdSocket, name, "NBD socket");
                if (!v.InternalMeta && v.MetaDisk != v.Disk)
                    Claim(used, prefix, "meta_disk", v.MetaDisk, name, "disk");
            }
        }
    }

    /// <summary>Disks and metadata disks share one namespace: a path is one device whatever it is used for.</summary>
    void Claim(Dictionary<string, string> used, string prefix, string key, string value, string volume, string what)
    {
        if (value.Length == 0)
            return;
        var kind = key is "meta_disk" ? "disk" : key;
        if (used.TryAdd($"{kind}\0{value}", volume))
            return;
        var other = used[$"{kind}\0{value}"];
        var path = $"{prefix}.{key}";
        diag.Error(diag.PositionOf(path, default), path,
            $"\"{value}\" is already the {what} of volume {other} on this node; give each volume its own");
    }
}
