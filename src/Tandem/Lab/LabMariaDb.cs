using System.Diagnostics;
using MySqlConnector;
using Tandem.Resources.Agents.MySql;

namespace Tandem.Lab;

/// <summary>
/// MariaDB of one node, driven by the lab itself (to prepare the database, or to run it on a plain directory
/// before the resource group takes over). The server runs inside the node's namespaces with the generated my.cnf;
/// the lab talks to it as root over its unix socket (the file is reachable from the host).
/// </summary>
public sealed class LabMariaDb(LabLayout layout, LabNode node)
{
    public int? Pid => MySqlProcess.RunningServer(layout.MySqlPidFile(node.Id));

    /// <summary>mariadb-install-db into the datadir of the node's my.cnf (root logs in over the socket).</summary>
    public void Install()
    {
        node.RunOk("mariadb-install-db", $"--defaults-file={layout.Cnf}", "--auth-root-authentication-method=socket", "--skip-test-db");
    }

    /// <summary>Starts mariadbd detached in the node (beside its daemon when one runs) and waits until it answers.</summary>
    public void Start(TimeSpan? timeout = null)
    {
        var log = Path.Combine(layout.NodeDir(node.Id), "mysqld.out");
        var command = node.Beside([MySqlBinary.Find() ?? "mariadbd", $"--defaults-file={layout.Cnf}"], log);
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // Beside() through nsenter keeps the caller's stdout: send it to the log via sh.
        if (command[0] == "nsenter")
        {
            psi.ArgumentList.Add("sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
            psi.ArgumentList.Add("sh");
            psi.ArgumentList.Add(log);
        }
        foreach (var a in command)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new LabException($"{node.Name}: cannot start mariadbd");
        var sw = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        while (true)
        {
            if (TryQuery("SELECT 1") is not null)
                return;
            if (p.HasExited && Pid is null)
                throw new LabException($"{node.Name}: mariadbd exited while starting; its log says: {LabNode.Tail(layout.MySqlErrorLog(node.Id))} {LabNode.Tail(log, 4)}");
            if (sw.Elapsed > limit)
                throw new LabException($"{node.Name}: mariadbd did not answer within {limit.TotalSeconds} s; its log says: {LabNode.Tail(layout.MySqlErrorLog(node.Id))}");
            Thread.Sleep(200);
        }
    }

    /// <summary>SIGTERM (a clean shutdown) and wait for exit.</summary>
    public void Stop(TimeSpan? timeout = null)
    {
        if (Pid is not { } pid)
            return;
        NamespaceProcesses.Signal(pid, NamespaceProcesses.SigTerm);
        var sw = Stopwatch.StartNew();
        while (NamespaceProcesses.IsAlive(pid))
        {
            if (sw.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
                throw new LabException($"{node.Name}: mariadbd (pid {pid}) did not stop within 60 s of SIGTERM; its log says: {LabNode.Tail(layout.MySqlErrorLog(node.Id))}");
            Thread.Sleep(100);
        }
    }

    MySqlConnectionStringBuilder Root() => new()
    {
        Server = layout.MySqlSocket(node.Id),
        ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
        UserID = "root",
        Pooling = false,
        ConnectionTimeout = 3,
        DefaultCommandTimeout = 30,
    };

    /// <summary>Runs statements as root; throws when the server refuses.</summary>
    public void Execute(params string[] statements)
    {
        using var c = new MySqlConnection(Root().ConnectionString);
        c.Open();
        foreach (var s in statements)
        {
            using var cmd = new MySqlCommand(s, c);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The first column of the first row, or null when the server does not answer.</summary>
    public object? TryQuery(string sql)
    {
        if (!File.Exists(layout.MySqlSocket(node.Id)))
            return null;
        try
        {
            using var c = new MySqlConnection(Root().ConnectionString);
            c.Open();
            using var cmd = new MySqlCommand(sql, c);
            return cmd.ExecuteScalar() ?? DBNull.Value;
        }
        catch (Exception e) when (e is MySqlException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    /// <summary>The workload's database, table and client account (the client logs in over TCP from the client namespace).</summary>
    public void CreateSchema() => Execute(LabSchema.Statements);
}
