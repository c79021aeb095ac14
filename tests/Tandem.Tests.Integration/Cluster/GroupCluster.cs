using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Cluster;

/// <summary>
/// Two real <c>tandem daemon</c> processes, alpha and beta, on loopback, running one group "web" (preferred: alpha)
/// of two resources that need no volume: the OCF Dummy agent from resource-agents and a Heartbeat-style script that
/// keeps its state in a file named after <c>TANDEM_NODE</c>/<c>TANDEM_GROUP</c> and logs every action it is asked
/// for. Each daemon has its own OCF state directory (HA_RSCTMP). Creating <c>NODE.fail</c> in <see cref="Dir"/>
/// makes the script's monitor fail on that node. Disposing kills the daemons it started by PID and removes the
/// directory, also after a failed test.
/// </summary>
public sealed class GroupCluster : IDisposable
{
    public const string Group = "web";
    readonly Dictionary<string, Process> _daemons = [];

    /// <param name="extra">More TOML after the group (e.g. a [notify] table).</param>
    public GroupCluster(string timers = "keepalive = \"250ms\"\nwarntime = \"1s\"\ndeadtime = \"2s\"\ninitdead = \"4s\"", int maxRestarts = 1, string extra = "")
    {
        Dir = Directory.CreateTempSubdirectory("tandem-grp.").FullName;
        var key = Path.Combine(Dir, "authkey");
        File.WriteAllText(key, Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "-groups\n");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var script = Path.Combine(Dir, "resource.d", "svc");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.WriteAllText(script, $$"""
            #!/bin/sh
            # Heartbeat resource.d style: svc NAME start|stop|status
            dir="{{Dir}}"
            state="$dir/$TANDEM_NODE.$TANDEM_GROUP.$1"
            echo "$TANDEM_NODE $TANDEM_GROUP $1 $2" >> "$dir/actions.log"
            case "$2" in
              start) echo "$TANDEM_NODE" > "$state" ;;
              stop) rm -f "$state" ;;
              status)
                if [ -f "$state" ] && [ ! -e "$dir/$TANDEM_NODE.fail" ]; then echo "running"; else echo "stopped"; fi ;;
            esac
            exit 0
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var n in new[] { "alpha", "beta" })
            Directory.CreateDirectory(Path.Combine(Dir, n + ".rsctmp"));
        Ports = new() { ["alpha"] = FreeUdpPort(), ["beta"] = FreeUdpPort() };
        ConfigPath = Path.Combine(Dir, "tandem.toml");
        File.WriteAllText(ConfigPath, $"""
            [cluster]
            name = "grpit"
            auth_key_file = "{key}"
            {timers}
            auto_failback = false

            [nodes.alpha]
            heartbeat = ["127.0.0.1:{Ports["alpha"]}"]
            control_socket = "{Dir}/alpha.sock"

            [nodes.beta]
            heartbeat = ["127.0.0.1:{Ports["beta"]}"]
            control_socket = "{Dir}/beta.sock"

            [[groups]]
            name = "{Group}"
            preferred = "alpha"
            monitor_interval = "1s"
            max_restarts = {maxRestarts}
            restart_window = "10m"
            resources = ["ocf:heartbeat:Dummy", "{script}::web"]

            {extra}
            """);
    }

    public string Dir { get; }
    public string ConfigPath { get; }
    public Dictionary<string, int> Ports { get; }

    static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    Dictionary<string, string> Env(string node) => new() { ["TANDEM_CONFIG"] = ConfigPath, ["TANDEM_NODE"] = node };

    public ProcResult Cli(string node, params string[] args) => Proc.Run(TandemNode.Executable, args, Env(node));

    /// <summary>The script resource runs on <paramref name="node"/> (its state file is there).</summary>
    public bool ScriptRunsOn(string node) => File.Exists(Path.Combine(Dir, $"{node}.{Group}.web"));

    /// <summary>Every action the script was asked for, as "NODE GROUP NAME ACTION".</summary>
    public IReadOnlyList<string> Actions()
    {
        try { return File.ReadAllLines(Path.Combine(Dir, "actions.log")); }
        catch (FileNotFoundException) { return []; }
    }

    public void FailMonitorOn(string node, bool fail)
    {
        var marker = Path.Combine(Dir, node + ".fail");
        if (fail)
            File.WriteAllText(marker, "");
        else
            File.Delete(marker);
    }

    public void Start(string node)
    {
        var env = new Dictionary<string, string>(Env(node)) { ["HA_RSCTMP"] = Path.Combine(Dir, node + ".rsctmp") };
        _daemons[node] = DaemonProcess.Start(env, Path.Combine(Dir, node + ".sock"), Path.Combine(Dir, node + ".log"), node);
    }

    /// <summary>kill -9: the node vanishes without a word, as in a power loss.</summary>
    public void KillHard(string node)
    {
        DaemonProcess.KillHard(_daemons[node], Path.Combine(Dir, node + ".sock"), node);
    }

    /// <summary>SIGTERM, as systemd stops the daemon; returns its exit status.</summary>
    public int Stop(string node)
    {
        var p = _daemons[node];
        Proc.Run("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(p.WaitForExit(60_000), $"{node} did not stop on SIGTERM: {Log(node)}");
        return p.ExitCode;
    }

    public string Log(string node)
    {
        try { return File.ReadAllText(Path.Combine(Dir, node + ".log")); }
        catch (IOException) { return ""; }
    }

    public JsonElement Status(string from)
    {
        var r = Cli(from, "status", "--json");
        Assert.True(r.Exit == 0, $"tandem status --json on {from}: {r}");
        return JsonDocument.Parse(r.Out).RootElement.Clone();
    }

    public static JsonElement GroupIn(JsonElement status) =>
        status.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == Group);

    /// <summary>"started on alpha", "stopped on -", ... as one node reports the group.</summary>
    public static string Where(JsonElement status)
    {
        var g = GroupIn(status);
        return $"{g.GetProperty("state").GetString()} on {g.GetProperty("node").GetString() ?? "-"}";
    }

    public static string NodeState(JsonElement status, string node) =>
        status.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == node).GetProperty("state").GetString()!;

    public static IReadOnlyList<string> Events(JsonElement status) =>
        [.. status.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("text").GetString()!)];

    /// <summary>Polls <c>tandem status --json</c> on <paramref name="from"/> until <paramref name="ok"/> holds; fails with the last status and the logs.</summary>
    public JsonElement WaitFor(string from, Func<JsonElement, bool> ok, string what, TimeSpan? limit = null)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var s = Status(from);
            if (ok(s))
                return s;
            if (sw.Elapsed > (limit ?? TimeSpan.FromSeconds(40)))
                Assert.Fail($"{what}: not reached within {(limit ?? TimeSpan.FromSeconds(40)).TotalSeconds} s; status of {from}: {s}\nactions:\n{string.Join("\n", Actions())}\nlog of {from}:\n{Log(from)}");
            Thread.Sleep(100);
        }
    }

    /// <summary>Both daemons report the group started on <paramref name="node"/>.</summary>
    public void WaitStartedOn(string node, string what)
    {
        WaitFor(node, s => Where(s) == $"started on {node}", what + $" ({node}'s view)");
        foreach (var other in _daemons.Where(d => d.Key != node && !d.Value.HasExited).Select(d => d.Key))
            WaitFor(other, s => Where(s) == $"started on {node}", what + $" ({other}'s view)");
    }

    public void Dispose()
    {
        foreach (var p in _daemons.Values)
        {
            if (!p.HasExited)
            {
                Proc.Run("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
                if (!p.WaitForExit(30_000))
                    p.Kill();
            }
            p.Dispose();
        }
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
