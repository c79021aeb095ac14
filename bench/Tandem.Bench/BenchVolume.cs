using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tandem.Metadata;

namespace Tandem.Bench;

/// <summary>
/// One volume served by real <c>tandem daemon</c> processes on loopback: a replicated pair (alpha is
/// the Primary, beta the Secondary) or a single node with no peer. One config for every node, a
/// directory per node with its sparse backing file, NBD socket and control socket, free ports, and a
/// volume name unique to the run so <c>/dev/tandem/NAME</c> never meets anyone else's.
/// </summary>
sealed partial class BenchVolume : IDisposable
{
    readonly string _tandem;
    readonly Dictionary<string, Process> _daemons = [];
    readonly Dictionary<string, string> _env;

    BenchVolume(string tandem, string parent, string label, string protocol, string[] nodes, long size)
    {
        _tandem = tandem;
        Size = size;
        Label = label;
        Protocol = protocol;
        Nodes = nodes;
        Name = "bv" + Guid.NewGuid().ToString("N")[..8];
        Dir = Path.Combine(parent, label);
        Directory.CreateDirectory(Dir);
        var key = Path.Combine(Dir, "authkey");
        File.WriteAllText(key, Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = Path.Combine(Dir, "tandem.toml");
        File.WriteAllText(config, Config(key));
        _env = new() { ["TANDEM_CONFIG"] = config };
        foreach (var n in nodes)
        {
            Directory.CreateDirectory(NodeDir(n));
            using var f = File.Create(Backing(n)); // sparse: every block reads as zeros until written
            f.SetLength(BackingFor(size));
        }
    }

    /// <summary>
    /// The backing file size whose data region (before the internal metadata) is exactly <paramref name="size"/>
    /// bytes: the volume's size comes from the backing disk (the config's <c>size</c> is not applied by the volume).
    /// </summary>
    static long BackingFor(long size)
    {
        long b = size + MetadataFormat.AlSize + MetadataFormat.SuperblockAreaSize + MetadataFormat.BitmapBytesFor(size);
        while (MetadataLayout.ForInternal(b).DataSize < size)
            b += MetadataFormat.BlockSize;
        return MetadataLayout.ForInternal(b).DataSize == size ? b
            : throw new InvalidOperationException($"no backing size gives a data region of exactly {size} bytes; use a multiple of 128 MiB");
    }

    /// <summary>alpha and beta replicating a volume of <paramref name="size"/> bytes under <paramref name="protocol"/>.</summary>
    public static BenchVolume Pair(string tandem, string parent, string label, string protocol, long size) =>
        Cleanup.Track(new BenchVolume(tandem, parent, label, protocol, ["alpha", "beta"], size));

    /// <summary>The same volume on alpha alone: no peer configured.</summary>
    public static BenchVolume Single(string tandem, string parent, string label, long size) =>
        Cleanup.Track(new BenchVolume(tandem, parent, label, "C", ["alpha"], size));

    /// <summary>Bytes of the data region, what <c>size_bytes</c> reports.</summary>
    public long Size { get; }
    public string Label { get; }
    public string Protocol { get; }
    public string[] Nodes { get; }
    public string Name { get; }
    public string Dir { get; }
    public string Device => Tandem.Device.DeviceLinks.PathOf(Name);
    public string NodeDir(string node) => Path.Combine(Dir, node);
    public string Backing(string node) =>
        node == "beta" && Placement.PeerDir is { } peer ? Path.Combine(peer, $"{Label}-{Name}-beta.img") : Path.Combine(NodeDir(node), "disk.img");
    public string ControlSocket(string node) => Path.Combine(NodeDir(node), "tandem.sock");
    string NbdSocket(string node) => Path.Combine(NodeDir(node), Name + ".nbd");
    string FuseDir(string node) => Path.Combine(NodeDir(node), Name + ".fuse");

    public override string ToString() => $"{Label} ({Name} in {Dir})";

    /// <summary>Copies the daemons' logs to <paramref name="dest"/> (before the directory goes) so a failure can be read later.</summary>
    public void KeepLogs(string dest)
    {
        if (Cleanup.Interrupted || !Directory.Exists(Dir))
            return;
        Directory.CreateDirectory(dest);
        Console.Error.WriteLine($"{Label}: daemon logs kept in {dest}");
        foreach (var log in Directory.EnumerateFiles(Dir, "*.log"))
            File.Copy(log, Path.Combine(dest, $"{Label}-{Path.GetFileName(log)}"), overwrite: true);
    }

    string Config(string key)
    {
        var heartbeat = Nodes.ToDictionary(n => n, _ => FreePort(SocketType.Dgram, ProtocolType.Udp));
        var replication = Nodes.ToDictionary(n => n, _ => FreePort(SocketType.Stream, ProtocolType.Tcp));
        var text = new System.Text.StringBuilder($"""
            [cluster]
            name = "bench"
            auth_key_file = "{key}"
            keepalive = "200ms"
            warntime = "500ms"
            deadtime = "1s"
            initdead = "3s"

            """);
        foreach (var n in Nodes)
            text.Append($"""

                [nodes.{n}]
                heartbeat = ["127.0.0.1:{heartbeat[n]}"]
                control_socket = "{ControlSocket(n)}"

                """);
        text.Append($"""

            [volumes.{Name}]
            protocol = "{Protocol}"

            """);
        foreach (var n in Nodes)
            text.Append($"""

                [volumes.{Name}.on.{n}]
                disk = "{Backing(n)}"
                meta_disk = "internal"
                address = "127.0.0.1:{replication[n]}"
                nbd_socket = "{NbdSocket(n)}"

                """);
        return text.ToString();
    }

    static int FreePort(SocketType type, ProtocolType proto)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, proto);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>The <c>tandem</c> command as an operator on <paramref name="node"/> would type it.</summary>
    public string Cli(string node, params string[] args) =>
        Proc.Ok(_tandem, args, new Dictionary<string, string>(_env) { ["TANDEM_NODE"] = node });
}
