using System.Diagnostics;
using System.Text.Json;
using Tandem.Resources.Agents.MySql;
using Tandem.Tests.Integration.Replication;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Cluster;

/// <summary>
/// Two real daemons, alpha and beta, running group "db" (preferred: alpha) the way the classic recipe does:
/// <c>volume::RES</c>, <c>Filesystem::/dev/tandem/RES::MOUNT::ext4</c> and <c>mysql::my.cnf</c> with the
/// datadir on the replicated volume. Both nodes share the host, so they share the my.cnf, the mount point and
/// the server's socket and pid file (outside the volume); only one of them runs the group at a time. Disposing
/// kills every server pid it has seen (by pid), stops the daemons, unmounts and removes everything, also after a
/// failed test.
/// </summary>
sealed class MySqlVolumePair : IDisposable
{
    public const string Group = "db";
    readonly HashSet<int> _pids = [];
    readonly string _dir;

    public MySqlVolumePair()
    {
        Pair = new ReplicatedPair(backingBytes: 128L << 20);
        _dir = Directory.CreateTempSubdirectory("tandem-dbvol.").FullName;
        Directory.CreateDirectory(MountPoint);
        File.WriteAllText(CnfPath, $"""
            [client]
            socket = {Socket}

            [mysqld]
            user = root
            datadir = {MountPoint}/data
            socket = {Socket}
            pid-file = {PidFile}
            log-error = {Path.Combine(_dir, "mysqld.err")}
            skip-networking
            skip-name-resolve
            skip-log-bin
            innodb_buffer_pool_size = 16M
            innodb_log_file_size = 8M

            """);
    }

    public ReplicatedPair Pair { get; }
    public string MountPoint => Path.Combine(_dir, "mnt");
    public string CnfPath => Path.Combine(_dir, "my.cnf");
    public string Socket => Path.Combine(_dir, "run", "mysqld.sock");
    public string PidFile => Path.Combine(_dir, "run", "mysqld.pid");
    public string Device => "/dev/tandem/" + Pair.Name;

    /// <summary>
    /// Synced volume, an ext4 on it holding a fresh MariaDB datadir, both nodes Secondary; then both daemons are
    /// restarted with the group (options after <c>mysql::CNF</c> in <paramref name="mysqlOptions"/>).
    /// </summary>
    public void Boot(string groupSettings, string mysqlOptions)
    {
        Pair.StartSynced();
        for (var i = 0; i < 100 && !File.Exists(Device); i++)
            Thread.Sleep(100);
        Proc.Ok("mkfs.ext4", "-q", "-F", Device);
        Proc.Ok("mount", Device, MountPoint);
        try
        {
            Proc.Ok("mariadb-install-db", $"--defaults-file={CnfPath}", "--auth-root-authentication-method=normal", "--skip-test-db");
        }
        finally
        {
            Proc.Ok("umount", MountPoint);
        }
        Pair.CliOk("alpha", "volume", "secondary", Pair.Name);
        Pair.WaitInSync(TimeSpan.FromSeconds(60));
        foreach (var n in ReplicatedPair.Nodes)
            Pair.KillHard(n);

        File.AppendAllText(Path.Combine(Pair.Dir, "tandem.toml"), $"""


            [[groups]]
            name = "{Group}"
            preferred = "alpha"
            {groupSettings}
            resources = [
              "volume::{Pair.Name}",
              "Filesystem::{Device}::{MountPoint}::ext4",
              "mysql::{CnfPath}{mysqlOptions}",
            ]
            """);
        // alpha first: it waits for beta (initdead) before it starts the group, so beta's start-up probes find
        // nothing of alpha's running on the shared host.
        Pair.Start("alpha");
        Pair.Start("beta");
    }

    /// <summary>The server pid from the pid file (remembered for cleanup), or null.</summary>
    public int? ServerPid()
    {
        var pid = MySqlProcess.ReadPidFile(PidFile);
        if (pid is { } p)
            _pids.Add(p);
        return pid;
    }

    /// <summary>The node whose daemon started <paramref name="pid"/>: TANDEM_NODE in its environment.</summary>
    public static string? NodeOf(int pid)
    {
        var environ = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        return environ.FirstOrDefault(v => v.StartsWith("TANDEM_NODE=", StringComparison.Ordinal))?["TANDEM_NODE=".Length..];
    }

    public string Sql(string sql) =>
        Proc.Ok("mariadb", $"--defaults-file={CnfPath}", "-uroot", "-N", "-B", "--connect-timeout=10", "-e", sql).Out.Trim();

    public JsonElement Status(string node)
    {
        var r = Pair.Cli(node, "status", "--json");
        Assert.True(r.Exit == 0, $"{node}: status: {r}");
        return JsonDocument.Parse(r.Out).RootElement.Clone();
    }

    /// <summary>"started on alpha", "stopped on -", ... as <paramref name="from"/> reports the group.</summary>
    public string Where(string from)
    {
        var g = Status(from).GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == Group);
        return $"{g.GetProperty("state").GetString()} on {g.GetProperty("node").GetString() ?? "-"}";
    }

    public IReadOnlyList<string> Events(string node) => Pair.Events(node);

    /// <summary>Both daemons report the group started on <paramref name="node"/>.</summary>
    public void WaitStartedOn(string node, TimeSpan limit, string what)
    {
        var sw = Stopwatch.StartNew();
        foreach (var from in new[] { node, node == "alpha" ? "beta" : "alpha" })
            while (Where(from) != $"started on {node}")
            {
                if (sw.Elapsed > limit)
                    Assert.Fail($"{what}: the group is not started on {node} within {limit.TotalSeconds} s in {from}'s view ({Where(from)})\n" +
                        $"{ForeignMounts()}events of {from}:\n{string.Join("\n", Events(from))}\nlog of alpha:\n{Tail(Pair.Log("alpha"))}\nlog of beta:\n{Tail(Pair.Log("beta"))}");
                Thread.Sleep(200);
            }
    }

    /// <summary>
    /// Processes of other mount namespaces that still have the mount point: a namespace created by anyone while the
    /// filesystem was mounted keeps a private copy of the mount (this host's mounts do not propagate), so the
    /// unmount here leaves the device busy and the volume cannot be demoted. Named in a failure message.
    /// </summary>
    string ForeignMounts()
    {
        var own = File.ResolveLinkTarget("/proc/self/ns/mnt", false)?.ToString();
        var holders = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
            try
            {
                var ns = File.ResolveLinkTarget(Path.Combine(proc, "ns", "mnt"), false)?.ToString();
                if (ns != own && File.ReadAllText(Path.Combine(proc, "mountinfo")).Contains($" {MountPoint} ", StringComparison.Ordinal))
                    holders.Add($"{Path.GetFileName(proc)} ({File.ReadAllText(Path.Combine(proc, "comm")).Trim()}, {ns})");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        return holders.Count == 0 ? "" : $"{MountPoint} is still mounted in other mount namespaces, held by: {string.Join(", ", holders.Take(10))}\n";
    }

    static string Tail(string s) => s.Length > 8000 ? s[^8000..] : s;

    public void Dispose()
    {
        _ = ServerPid();
        foreach (var pid in _pids)
            if (MySqlProcess.IsAlive(pid) && MySqlProcess.IsServer(pid))
            {
                MySqlProcess.Signal(pid, MySqlProcess.SigKill);
                MySqlProcess.Signal(pid, MySqlProcess.SigCont);
            }
        foreach (var pid in _pids)
            for (var i = 0; i < 100 && MySqlProcess.IsAlive(pid); i++)
                Thread.Sleep(50);
        Pair.Dispose();
        if (File.ReadAllText("/proc/mounts").Contains($" {MountPoint} ", StringComparison.Ordinal))
            Proc.Run("umount", ["-l", MountPoint]);
        File.Delete(MySqlRuntimeDirs.ConsoleFile(CnfPath));
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
