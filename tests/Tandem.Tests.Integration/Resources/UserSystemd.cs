using System.Diagnostics;
using System.Globalization;
using Tandem.Resources.Processes;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Resources;

/// <summary>
/// A real systemd service manager for tests on a machine whose PID 1 is not systemd: <c>systemd --user</c> in a
/// mount namespace of its own (where an empty tmpfs on /run/systemd holds the "booted with systemd" marker), with
/// its runtime and unit directories in a temporary directory. <see cref="Runner"/> sends the agents' systemctl
/// calls to it (<c>systemctl --user</c>). Disposing asks the manager to exit (stopping its units), kills it by pid
/// if it does not, and removes the directory.
/// </summary>
sealed class UserSystemd : IDisposable
{
    public const string Manager = "/lib/systemd/systemd";
    readonly Process _manager;
    readonly Dictionary<string, string> _env;

    public UserSystemd()
    {
        Assert.True(File.Exists(Manager), $"{Manager} is missing; install Debian's systemd package");
        Dir = Directory.CreateTempSubdirectory("tandem-systemd.").FullName;
        var runtime = Path.Combine(Dir, "run");
        Directory.CreateDirectory(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(UnitDir);
        _env = new() { ["XDG_RUNTIME_DIR"] = runtime, ["XDG_CONFIG_HOME"] = Path.Combine(Dir, "config"), ["HOME"] = Dir };
        var psi = new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "sh", "-c",
            $"mkdir -p /run/systemd && mount -t tmpfs tandem-test /run/systemd && mkdir /run/systemd/system && exec {Manager} --user"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in _env)
            psi.Environment[k] = v;
        _manager = Process.Start(psi)!;
        _manager.BeginOutputReadLine();
        _manager.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (Systemctl("show-environment").Exit != 0)
        {
            Assert.False(_manager.HasExited, $"systemd --user exited at start with status {(_manager.HasExited ? _manager.ExitCode : 0)}");
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "systemd --user does not answer after 30 s");
            Thread.Sleep(100);
        }
        Runner = new UserScopeRunner(_env);
    }

    public string Dir { get; }

    public string UnitDir => Path.Combine(Dir, "config", "systemd", "user");

    /// <summary>Runs the agents' programs, with <c>systemctl</c> pointed at this manager.</summary>
    public IProcessRunner Runner { get; }

    public ProcResult Systemctl(params string[] args) => Proc.Run("systemctl", ["--user", .. args], _env);

    /// <summary>Writes a unit file and reloads the manager.</summary>
    public void AddUnit(string name, string text)
    {
        File.WriteAllText(Path.Combine(UnitDir, name), text);
        var r = Systemctl("daemon-reload");
        Assert.True(r.Exit == 0, $"daemon-reload: {r}");
    }

    public int MainPid(string unit) =>
        int.Parse(Systemctl("show", "-p", "MainPID", "--value", unit).Out.Trim(), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (!_manager.HasExited)
        {
            Systemctl("exit");
            if (!_manager.WaitForExit(15_000))
            {
                _manager.Kill();
                _manager.WaitForExit(5_000);
            }
        }
        _manager.Dispose();
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }

    sealed class UserScopeRunner(IReadOnlyDictionary<string, string> env) : IProcessRunner
    {
        readonly ProcessRunner _inner = new();

        public Task<ProcessResult> RunAsync(ProcessCommand command, CancellationToken ct)
        {
            if (command.File != "systemctl")
                return _inner.RunAsync(command, ct);
            var environment = new Dictionary<string, string>(command.Environment);
            foreach (var (k, v) in env)
                environment[k] = v;
            return _inner.RunAsync(new ProcessCommand("systemctl", ["--user", .. command.Arguments]) { Environment = environment }, ct);
        }
    }
}
