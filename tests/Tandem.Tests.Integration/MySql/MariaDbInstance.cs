using System.Net;
using System.Net.Sockets;
using Tandem.Resources.Agents.MySql;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.MySql;

/// <summary>
/// A private MariaDB instance in a temporary directory: its own datadir, socket, pid file, error log and a
/// loopback TCP port, initialised with mariadb-install-db (root without password). Nothing of the system's
/// MariaDB is used. Dispose kills every server pid it has seen, by pid, and removes the directory.
/// </summary>
sealed class MariaDbInstance : IDisposable
{
    readonly HashSet<int> pids = [];

    MariaDbInstance(string dir, int port)
    {
        Dir = dir;
        Port = port;
    }

    public string Dir { get; }
    public int Port { get; }
    public string CnfPath => Path.Combine(Dir, "my.cnf");
    public string DataDir => Path.Combine(Dir, "data");
    public string Socket => Path.Combine(Dir, "run", "mysqld.sock");
    public string PidFile => Path.Combine(Dir, "run", "mysqld.pid");
    public string ErrorLog => Path.Combine(Dir, "error.log");

    /// <param name="rootBySocket">Debian's default: root logs in over the socket as the system's root (unix_socket), no password.</param>
    public static MariaDbInstance Create(bool rootBySocket = false)
    {
        var dir = Directory.CreateTempSubdirectory("tandem-mariadb-").FullName;
        var instance = new MariaDbInstance(dir, FreeLoopbackPort());
        try
        {
            File.WriteAllText(instance.CnfPath, $"""
                # a private test instance
                [client]
                socket = {instance.Socket}

                [mysqld]
                user = root
                datadir = {instance.DataDir}
                socket = {instance.Socket}
                port = {instance.Port}
                bind-address = 127.0.0.1
                pid-file = {instance.PidFile}
                log-error = {instance.ErrorLog}
                skip-name-resolve
                skip-log-bin
                innodb_buffer_pool_size = 16M
                innodb_log_file_size = 8M
                !include {Path.Combine(dir, "extra.cnf")}

                """);
            File.WriteAllText(Path.Combine(dir, "extra.cnf"), "[mysqld]\nmax_connections = 20\n");
            Proc.Ok("mariadb-install-db", $"--defaults-file={instance.CnfPath}", rootBySocket ? "--auth-root-authentication-method=socket" : "--auth-root-authentication-method=normal", "--skip-test-db");
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    /// <summary>The server pid from the pid file, remembered for cleanup.</summary>
    public int? Pid
    {
        get
        {
            var pid = MySqlProcess.ReadPidFile(PidFile);
            if (pid is { } p)
                lock (pids)
                    pids.Add(p);
            return pid;
        }
    }

    public int RequirePid() => Pid ?? throw new InvalidOperationException($"no pid in {PidFile}");

    public string Sql(string sql) =>
        Proc.Ok("mariadb", $"--defaults-file={CnfPath}", "-uroot", "-N", "-B", "-e", sql).Out.Trim();

    public void Dispose()
    {
        _ = Pid;
        lock (pids)
            foreach (var pid in pids)
                if (MySqlProcess.IsAlive(pid) && MySqlProcess.IsServer(pid))
                {
                    MySqlProcess.Signal(pid, MySqlProcess.SigKill);
                    MySqlProcess.Signal(pid, MySqlProcess.SigCont);
                }
        foreach (var pid in pids)
            for (var i = 0; i < 100 && MySqlProcess.IsAlive(pid); i++)
                Thread.Sleep(50);
        File.Delete(MySqlRuntimeDirs.ConsoleFile(CnfPath));
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
