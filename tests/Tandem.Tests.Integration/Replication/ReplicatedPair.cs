using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Replication;

/// <summary>
/// Two real <c>tandem daemon</c> processes, alpha and beta, replicating one volume over loopback: one
/// config (a second one with another key when a test asks), a backing file, an NBD socket and a control
/// socket per node. Disposing stops the daemons by PID, detaches loop devices and FUSE mounts left by a
/// killed node, and removes the directory, also after a failed test.
/// </summary>
public sealed partial class ReplicatedPair : IDisposable
{
    public static readonly string[] Nodes = ["alpha", "beta"];
    readonly Dictionary<string, Process> _daemons = [];
    readonly Dictionary<string, string> _configs = [];

    public ReplicatedPair(long backingBytes = 64L << 20, string protocol = "C", string extraVolume = "")
    {
        Name = "rp" + Guid.NewGuid().ToString("N")[..8];
        Dir = Directory.CreateTempSubdirectory("tandem-rp.").FullName;
        string key = WriteKey("authkey");
        var hb = Nodes.ToDictionary(n => n, _ => FreePort(SocketType.Dgram, ProtocolType.Udp));
        var repl = Nodes.ToDictionary(n => n, _ => FreePort(SocketType.Stream, ProtocolType.Tcp));
        foreach (var n in Nodes)
        {
            Directory.CreateDirectory(NodeDir(n));
            using var f = File.Create(Backing(n));
            f.SetLength(backingBytes);
        }
        ConfigText = $"""
            [cluster]
            name = "rp"
            auth_key_file = "{key}"
            keepalive = "200ms"
            warntime = "500ms"
            deadtime = "1s"
            initdead = "3s"

            [nodes.alpha]
            heartbeat = ["127.0.0.1:{hb["alpha"]}"]
            control_socket = "{NodeDir("alpha")}/tandem.sock"

            [nodes.beta]
            heartbeat = ["127.0.0.1:{hb["beta"]}"]
            control_socket = "{NodeDir("beta")}/tandem.sock"

            [volumes.{Name}]
            protocol = "{protocol}"
            {extraVolume}

            [volumes.{Name}.on.alpha]
            disk = "{Backing("alpha")}"
            meta_disk = "internal"
            address = "127.0.0.1:{repl["alpha"]}"
            nbd_socket = "{NodeDir("alpha")}/{Name}.nbd"

            [volumes.{Name}.on.beta]
            disk = "{Backing("beta")}"
            meta_disk = "internal"
            address = "127.0.0.1:{repl["beta"]}"
            nbd_socket = "{NodeDir("beta")}/{Name}.nbd"
            """;
        foreach (var n in Nodes)
        {
            _configs[n] = Path.Combine(Dir, "tandem.toml");
        }
        File.WriteAllText(_configs["alpha"], ConfigText);
    }

    public string Name { get; }
    public string Dir { get; }
    public string ConfigText { get; }

    public string NodeDir(string node) => Path.Combine(Dir, node);
    public string Backing(string node) => Path.Combine(NodeDir(node), "disk.img");
    public string NbdUri(string node) => $"nbd+unix:///{Name}?socket={NodeDir(node)}/{Name}.nbd";

    string WriteKey(string file)
    {
        string path = Path.Combine(Dir, file);
        File.WriteAllText(path, Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>Give <paramref name="node"/> a config of its own whose cluster key differs from the other node's.</summary>
    public void UseOtherKey(string node)
    {
        string key = WriteKey("other-authkey");
        string path = Path.Combine(Dir, node + "-other.toml");
        File.WriteAllText(path, AuthKeyLine().Replace(ConfigText, $"auth_key_file = \"{key}\""));
        _configs[node] = path;
    }

    /// <summary>Give <paramref name="node"/> a config text of its own (say, its peer's address through a proxy).</summary>
    public void UseConfig(string node, string text)
    {
        string path = Path.Combine(Dir, node + "-own.toml");
        File.WriteAllText(path, text);
        _configs[node] = path;
    }

    /// <summary>The node's running daemon (to signal it by PID).</summary>
    public Process DaemonOf(string node) => _daemons[node];

    /// <summary>Stops the node's daemon as systemd would (SIGTERM, waiting for it to exit).</summary>
    public void Stop(string node) => DaemonProcess.Stop(_daemons[node]);

    [GeneratedRegex("auth_key_file = \"[^\"]*\"")]
    private static partial Regex AuthKeyLine();

    static int FreePort(SocketType type, ProtocolType proto)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, proto);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    Dictionary<string, string> Env(string node) => new() { ["TANDEM_CONFIG"] = _configs[node], ["TANDEM_NODE"] = node };

    public ProcResult Cli(string node, params string[] args) => Proc.Run(TandemNode.Executable, args, Env(node));

    public ProcResult CliOk(string node, params string[] args)
    {
        var r = Cli(node, args);
        Assert.True(r.Exit == 0, $"{node}: tandem {string.Join(' ', args)}: {r}\nlog:\n{Log(node)}");
        return r;
    }

    public void Start(string node) =>
        _daemons[node] = DaemonProcess.Start(Env(node), Path.Combine(NodeDir(node), "tandem.sock"), Path.Combine(Dir, node + ".log"), node);

    /// <summary>create-md, daemon, up on both nodes.</summary>
    public void StartBoth()
    {
        foreach (var n in Nodes)
        {
            CliOk(n, "volume", "create-md", Name);
            Start(n);
            CliOk(n, "volume", "up", Name);
        }
    }

    /// <summary>Both up, alpha forced Primary, the initial full sync finished.</summary>
    public void StartSynced()
    {
        StartBoth();
        WaitVolume("alpha", v => Str(v, "connection") == "Connected", TimeSpan.FromSeconds(30), "first connection");
        CliOk("alpha", "volume", "primary", Name, "--force");
        WaitInSync(TimeSpan.FromSeconds(60));
    }

    public void WaitInSync(TimeSpan limit)
    {
        foreach (var n in Nodes)
            WaitVolume(n, v => Str(v, "connection") == "Connected" && Str(v, "disk") == "UpToDate" && Str(v, "peer_disk") == "UpToDate",
                limit, $"{n} Connected and UpToDate/UpToDate");
    }

    /// <summary>kill -9 of the node's daemon, and removal of the block device it leaves behind.</summary>
    public void KillHard(string node)
    {
        DaemonProcess.KillHard(_daemons[node], Path.Combine(NodeDir(node), "tandem.sock"), node);
        CleanDevice(node);
    }

    void CleanDevice(string node)
    {
        string fuseDir = Path.Combine(NodeDir(node), Name + ".fuse");
        foreach (var line in Proc.Run("losetup", ["-j", Path.Combine(fuseDir, Name)]).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Proc.Run("losetup", ["-d", line.Split(':')[0]]);
        Proc.Run("umount", ["-l", fuseDir]);
    }

    public string Log(string node)
    {
        return DaemonProcess.ReadLog(Path.Combine(Dir, node + ".log"));
    }

    public JsonElement Volume(string node)
    {
        var r = Cli(node, "volume", "status", Name, "--json");
        Assert.True(r.Exit == 0, $"{node}: volume status: {r}");
        return JsonDocument.Parse(r.Out).RootElement.Clone();
    }

    public static string Str(JsonElement v, string field) => v.GetProperty(field).ToString();

    public JsonElement WaitVolume(string node, Func<JsonElement, bool> ok, TimeSpan limit, string what)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var v = Volume(node);
            if (ok(v))
                return v;
            if (sw.Elapsed > limit)
                Assert.Fail($"{what}: not reached within {limit.TotalSeconds} s; {node}: {v}\nlog of {node}:\n{Tail(Log(node))}\nlog of the other:\n{Tail(Log(node == "alpha" ? "beta" : "alpha"))}");
            Thread.Sleep(100);
        }
    }

    static string Tail(string s) => s.Length > 6000 ? s[^6000..] : s;

    /// <summary>The daemon's event journal texts (from <c>tandem status --json</c>).</summary>
    public List<string> Events(string node)
    {
        var r = Cli(node, "status", "--json");
        Assert.True(r.Exit == 0, $"{node}: status: {r}");
        return JsonDocument.Parse(r.Out).RootElement.GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("text").GetString()!).ToList();
    }

    /// <summary>The data region of a node's backing file (internal metadata sits after it).</summary>
    public byte[] DataRegion(string node, long size)
    {
        using var f = File.OpenRead(Backing(node));
        var buf = new byte[size];
        f.ReadExactly(buf);
        return buf;
    }

    public void Dispose()
    {
        foreach (var (node, p) in _daemons)
        {
            if (!p.HasExited)
                Cli(node, "volume", "secondary", Name);
            DaemonProcess.Stop(p);
        }
        foreach (var n in Nodes)
            CleanDevice(n);
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
