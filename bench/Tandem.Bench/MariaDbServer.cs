using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tandem.Bench;

/// <summary>
/// A MariaDB server of the benchmark's own: its datadir on the side under test, its config, socket,
/// pid file and error log in a run directory beside it, a free port on 127.0.0.1, running as root.
/// Started and stopped by PID; the system's MariaDB service is never touched.
/// </summary>
sealed class MariaDbServer : IDisposable
{
    readonly string _run;
    readonly string _label;
    Process? _server;
    StreamWriter? _log;

    public MariaDbServer(string label, string dataDir, string runDir, SysbenchOptions o)
    {
        _label = label;
        DataDir = dataDir;
        _run = runDir;
        Directory.CreateDirectory(runDir);
        Port = FreePort();
        File.WriteAllText(Cnf, Config(o));
    }

    public string DataDir { get; }
    public int Port { get; }
    public string Cnf => Path.Combine(_run, "my.cnf");
    public string Socket => Path.Combine(_run, "mysqld.sock");
    string ErrorLog => Path.Combine(_run, "mysqld.err");

    /// <summary>The durability and size settings every side runs with (the report prints them).</summary>
    public static string[] Settings(SysbenchOptions o) =>
    [
        "innodb_flush_log_at_trx_commit = 1",
        "sync_binlog = 1",
        "log_bin = DATADIR/binlog",
        "binlog_format = ROW",
        $"innodb_flush_method = {o.FlushMethod}",
        $"innodb_buffer_pool_size = {o.BufferPool}",
        "innodb_log_file_size = 64M",
        "performance_schema = OFF",
        "max_connections = 100",
    ];

    string Config(SysbenchOptions o) => string.Create(CultureInfo.InvariantCulture, $"""
        # A benchmark server: removed with the benchmark's directory.
        [client]
        socket = {Socket}

        [mysqld]
        user = root
        server_id = 1
        datadir = {DataDir}
        socket = {Socket}
        pid-file = {Path.Combine(_run, "mysqld.pid")}
        log-error = {ErrorLog}
        bind-address = 127.0.0.1
        port = {Port}
        skip-name-resolve
        {string.Join("\n", Settings(o)).Replace("DATADIR", DataDir, StringComparison.Ordinal)}
        """);

    static int FreePort()
    {
        using var s = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>mariadb-install-db into the datadir (root logs in over the socket as the OS user root), then start and create sbtest.</summary>
    public void InstallAndStart()
    {
        Directory.CreateDirectory(DataDir);
        Proc.Ok("mariadb-install-db", $"--defaults-file={Cnf}", "--auth-root-authentication-method=socket", "--skip-test-db");
        Start();
        Sql("CREATE DATABASE sbtest");
    }

    void Start()
    {
        var (file, args) = Placement.On("alpha", "mariadbd", [$"--defaults-file={Cnf}"]);
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        _server = Process.Start(psi)!;
        var log = _log = new StreamWriter(Path.Combine(_run, "mysqld.out"), append: true) { AutoFlush = true };
        _server.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (!(File.Exists(Socket) && Proc.Run("mariadb", [$"--defaults-file={Cnf}", "-u", "root", "-e", "SELECT 1"]).Exit == 0))
        {
            if (_server.HasExited)
                throw new InvalidOperationException($"{_label}: mariadbd exited at start: {Tail()}");
            if (sw.Elapsed > TimeSpan.FromSeconds(120))
                throw new TimeoutException($"{_label}: mariadbd does not answer on {Socket} after 120 s: {Tail()}");
            Thread.Sleep(200);
        }
    }

    public string Sql(string statement) => Proc.Ok("mariadb", $"--defaults-file={Cnf}", "-u", "root", "-N", "-B", "-e", statement).Trim();

    /// <summary>The server's own word on the settings that decide durability, read back from the running server.</summary>
    public string Effective() => Sql(
        "SELECT CONCAT_WS(' ', 'version', @@version, 'flush_log_at_trx_commit', @@innodb_flush_log_at_trx_commit, 'sync_binlog', @@sync_binlog, " +
        "'log_bin', @@log_bin, 'flush_method', @@innodb_flush_method, 'native_aio', @@innodb_use_native_aio, 'doublewrite', @@innodb_doublewrite)");

    /// <summary>The last lines of the error log, for a failure message.</summary>
    public string Tail(int lines = 6) =>
        File.Exists(ErrorLog) ? string.Join(" | ", File.ReadLines(ErrorLog).TakeLast(lines)) : $"(no {ErrorLog})";

    /// <summary>SIGTERM by PID (a clean InnoDB shutdown) and wait; SIGKILL after 120 s.</summary>
    public void Dispose()
    {
        if (_server is not { } p)
            return;
        _server = null;
        if (!p.HasExited)
        {
            Proc.Run("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
            if (!p.WaitForExit(120_000))
            {
                Console.Error.WriteLine($"{_label}: mariadbd (pid {p.Id}) ignored SIGTERM for 120 s; SIGKILL");
                p.Kill();
                p.WaitForExit(10_000);
            }
        }
        if (p.HasExited)
        {
            p.WaitForExit(); // the output it wrote last has reached the log: the log can be closed
            lock (_log!)
                _log.Dispose();
        }
        p.Dispose();
    }

    public override string ToString() => $"{_label}: mariadbd on {DataDir}";
}
