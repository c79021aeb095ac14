using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Heartbeat;

/// <summary>
/// Two real <c>tandem daemon</c> processes, alpha and beta, on loopback: one config, one auth key, a heartbeat
/// port and a control socket each, no volumes. Disposing kills the daemons it started by PID and removes the
/// directory, also after a failed test.
/// </summary>
public sealed class TwoNodeCluster : IDisposable
{
    public const string Cluster = "hbit";
    readonly Dictionary<string, Process> _daemons = [];

    public TwoNodeCluster(string mode = "unicast", string timers = "keepalive = \"200ms\"\nwarntime = \"500ms\"\ndeadtime = \"1s\"\ninitdead = \"3s\"")
    {
        Dir = Directory.CreateTempSubdirectory("tandem-hb.").FullName;
        KeyFile = Path.Combine(Dir, "authkey");
        Key = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "-heartbeat");
        File.WriteAllBytes(KeyFile, [.. Key, (byte)'\n']);
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Ports = new() { ["alpha"] = FreeUdpPort(), ["beta"] = FreeUdpPort() };
        ConfigPath = Path.Combine(Dir, "tandem.toml");
        File.WriteAllText(ConfigPath, $"""
            [cluster]
            name = "{Cluster}"
            auth_key_file = "{KeyFile}"
            heartbeat_mode = "{mode}"
            {timers}

            [nodes.alpha]
            heartbeat = ["127.0.0.1:{Ports["alpha"]}"]
            control_socket = "{Dir}/alpha.sock"

            [nodes.beta]
            heartbeat = ["127.0.0.1:{Ports["beta"]}"]
            control_socket = "{Dir}/beta.sock"
            """);
    }

    public string Dir { get; }
    public string KeyFile { get; }
    /// <summary>The key as the daemons read it (the file without its newline).</summary>
    public byte[] Key { get; }
    public string ConfigPath { get; }
    public Dictionary<string, int> Ports { get; }

    public IPEndPoint HeartbeatEndpoint(string node) => new(IPAddress.Loopback, Ports[node]);

    static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    Dictionary<string, string> Env(string node) => new() { ["TANDEM_CONFIG"] = ConfigPath, ["TANDEM_NODE"] = node };

    public ProcResult Cli(string node, params string[] args) => Proc.Run(TandemNode.Executable, args, Env(node));

    public void Start(string node) =>
        _daemons[node] = DaemonProcess.Start(Env(node), Path.Combine(Dir, node + ".sock"), Path.Combine(Dir, node + ".log"), node);

    /// <summary>kill -9: the node vanishes without a word, as in a power loss.</summary>
    public void KillHard(string node)
    {
        DaemonProcess.KillHard(_daemons[node], Path.Combine(Dir, node + ".sock"), node);
    }

    public string Log(string node)
    {
        return DaemonProcess.ReadLog(Path.Combine(Dir, node + ".log"));
    }

    public JsonElement Status(string from)
    {
        var r = Cli(from, "status", "--json");
        Assert.True(r.Exit == 0, $"tandem status --json on {from}: {r}");
        return JsonDocument.Parse(r.Out).RootElement.Clone();
    }

    public static JsonElement NodeIn(JsonElement status, string node) =>
        status.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == node);

    /// <summary>Polls <c>tandem status --json</c> on <paramref name="from"/> until <paramref name="ok"/> holds; fails with the last status and the log.</summary>
    public JsonElement WaitFor(string from, Func<JsonElement, bool> ok, TimeSpan limit, string what)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var s = Status(from);
            if (ok(s))
                return s;
            if (sw.Elapsed > limit)
                Assert.Fail($"{what}: not reached within {limit.TotalSeconds} s; status of {from}: {s}\nlog:\n{Log(from)}");
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        foreach (var p in _daemons.Values)
            DaemonProcess.Stop(p);
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
