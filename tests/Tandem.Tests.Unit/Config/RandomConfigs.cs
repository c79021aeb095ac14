using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

/// <summary>Seeded generator of valid configs, built as records (not text), for printer round trips.</summary>
static class RandomConfigs
{
    const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    const string TextChars = "abcXYZ019 ._-:/\\\"'#=[]{},\t\né€\u0001😀";

    public static TandemConfig Make(Random rng)
    {
        var nodeNames = Enumerable.Range(0, rng.Next(1, 3)).Select(i => $"n{i}{Name(rng, 0, 10)}").ToList();
        var nodes = new OrderedDictionary<string, NodeOptions>();
        foreach (var n in nodeNames)
            nodes.Add(n, new NodeOptions
            {
                Name = n,
                Heartbeat = Enumerable.Range(0, rng.Next(1, 4)).Select(i => $"10.{rng.Next(256)}.{i}.1:{rng.Next(1, 65536)}").ToList(),
                ControlSocket = Path(rng),
            });
        var volumes = new OrderedDictionary<string, VolumeOptions>();
        var volumeCount = rng.Next(0, 4);
        for (var v = 0; v < volumeCount; v++)
        {
            var name = $"v{v}{Name(rng, 0, 8)}";
            var on = new OrderedDictionary<string, VolumeNodeOptions>();
            for (var n = 0; n < nodeNames.Count; n++)
                on.Add(nodeNames[n], new VolumeNodeOptions
                {
                    Node = nodeNames[n],
                    Disk = $"/dev/disk{v}",
                    MetaDisk = rng.Next(2) == 0 ? "internal" : $"/meta/{v}{Name(rng, 0, 5)}",
                    Address = $"10.0.{n}.1:{7000 + v}",
                    NbdSocket = $"/run/tandem/{name}.nbd",
                });
            volumes.Add(name, new VolumeOptions
            {
                Name = name,
                Protocol = Pick(rng, Enum.GetValues<ReplicationProtocol>()),
                Size = rng.Next(3) == 0 ? null : rng.NextInt64(1, 1L << 30) * 4096,
                ResyncRate = rng.Next(3) == 0 ? null : rng.NextInt64(1, long.MaxValue >> rng.Next(1, 62)),
                OnIoError = Pick(rng, Enum.GetValues<OnIoError>()),
                AfterSb0Pri = Pick(rng, Enum.GetValues<AfterSb0Pri>()),
                AfterSb1Pri = Pick(rng, Enum.GetValues<AfterSb1Pri>()),
                AfterSb2Pri = Pick(rng, Enum.GetValues<AfterSb2Pri>()),
                On = on,
            });
        }
        var groups = new List<GroupOptions>();
        var free = volumes.Keys.ToList();
        for (var g = 0; g < rng.Next(0, 4); g++)
        {
            var resources = Enumerable.Range(0, rng.Next(0, 5))
                .Select(i => $"ocf:heartbeat:Dummy::k{i}=" + string.Concat(Text(rng).Where(c => !char.IsControl(c) && c != ':'))).ToList();
            if (free.Count > 0 && rng.Next(2) == 0)
            {
                resources.Insert(rng.Next(resources.Count + 1), $"volume::{free[0]}");
                free.RemoveAt(0);
            }
            groups.Add(new GroupOptions
            {
                Name = $"g{g}" + Text(rng),
                Preferred = rng.Next(2) == 0 ? null : Pick(rng, nodeNames.ToArray()),
                Resources = resources,
                MonitorInterval = TimeSpan.FromMilliseconds(rng.Next(1, 100_000)),
                MaxRestarts = rng.Next(0, 10),
                RestartWindow = TimeSpan.FromMinutes(rng.Next(1, 100)),
            });
        }
        var keepalive = TimeSpan.FromMilliseconds(rng.Next(1, 5000));
        return new TandemConfig
        {
            Cluster = new ClusterOptions
            {
                Name = "c" + Text(rng),
                AuthKeyFile = Path(rng),
                Keepalive = keepalive,
                Deadtime = keepalive + TimeSpan.FromMilliseconds(rng.Next(1, 100_000)),
                Warntime = TimeSpan.FromMilliseconds(rng.Next(1, 100_000)),
                Initdead = TimeSpan.FromMilliseconds(rng.NextInt64(1, (long)Duration.Max.TotalMilliseconds)),
                AutoFailback = rng.Next(2) == 0,
            },
            Nodes = nodes,
            Volumes = volumes,
            Groups = groups,
            SourcePath = "/tmp/random.toml",
        };
    }

    static T Pick<T>(Random rng, T[] values) => values[rng.Next(values.Length)];

    static string Name(Random rng, int min, int max) =>
        new(Enumerable.Range(0, rng.Next(min, max)).Select(_ => NameChars[rng.Next(NameChars.Length)]).ToArray());

    static string Text(Random rng)
    {
        var chars = new List<string>();
        var runes = TextChars.EnumerateRunes().Select(r => r.ToString()).ToArray();
        for (var i = rng.Next(0, 12); i > 0; i--)
            chars.Add(runes[rng.Next(runes.Length)]);
        return string.Concat(chars);
    }

    static string Path(Random rng) => "/" + Text(rng).Replace("\0", "");
}
