using System.Diagnostics;

namespace Tandem.Tests.Integration.Volume;

/// <summary>
/// One real node for a test: a temporary directory with a config, an auth key and a backing file,
/// the real <c>tandem</c> executable as daemon and CLI. Disposing unmounts, demotes, stops the daemon
/// by its PID and removes everything, also after a failed test.
/// </summary>
public sealed class TandemNode : IDisposable
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "tandem");

    readonly Dictionary<string, string> _env;
    readonly List<string> _mounts = [];
    Process? _daemon;

    public TandemNode(long backingBytes = 256L << 20)
    {
        Name = "it" + Guid.NewGuid().ToString("N")[..8];
        Dir = Directory.CreateTempSubdirectory("tandem-it.").FullName;
        Backing = Path.Combine(Dir, "r0.img");
        using (var f = File.Create(Backing))
            f.SetLength(backingBytes);
        var key = Path.Combine(Dir, "authkey");
        File.WriteAllText(key, Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        ConfigPath = Path.Combine(Dir, "tandem.toml");
        File.WriteAllText(ConfigPath, $"""
            [cluster]
            name = "it"
            auth_key_file = "{key}"

            [nodes.alpha]
            heartbeat = ["127.0.0.1:7694"]
            control_socket = "{Dir}/tandem.sock"

            [volumes.{Name}]
            protocol = "C"

            [volumes.{Name}.on.alpha]
            disk = "{Backing}"
            meta_disk = "internal"
            address = "127.0.0.1:7788"
            nbd_socket = "{Dir}/{Name}.nbd"
            """);
        _env = new() { ["TANDEM_CONFIG"] = ConfigPath, ["TANDEM_NODE"] = "alpha" };
    }

    public string Dir { get; }
    public string Backing { get; }
    public string ConfigPath { get; }
    /// <summary>The volume's name, unique per test so /dev/tandem/NAME never collides.</summary>
    public string Name { get; }
    public string NbdSocket => Path.Combine(Dir, Name + ".nbd");
    public string NbdUri => $"nbd+unix:///{Name}?socket={NbdSocket}";
    public string Device => "/dev/tandem/" + Name;

    public ProcResult Cli(params string[] args) => Proc.Run(Executable, args, _env);

    public ProcResult CliOk(params string[] args)
    {
        var r = Cli(args);
        Assert.True(r.Exit == 0, $"tandem {string.Join(' ', args)}: {r}");
        return r;
    }

    public void StartDaemon() =>
        _daemon = DaemonProcess.Start(_env, Path.Combine(Dir, "tandem.sock"), Path.Combine(Dir, "daemon.log"), "alpha");

    public string DaemonLog()
    {
        return DaemonProcess.ReadLog(Path.Combine(Dir, "daemon.log"));
    }

    /// <summary>A fresh volume, up and Primary with /dev/tandem/NAME present.</summary>
    public void StartPrimary()
    {
        CliOk("volume", "create-md", Name);
        StartDaemon();
        CliOk("volume", "up", Name);
        CliOk("volume", "primary", Name, "--force");
        Assert.True(File.Exists(Device), $"no {Device} after promotion");
    }

    public string Mount()
    {
        var dir = Path.Combine(Dir, "mnt");
        Directory.CreateDirectory(dir);
        Proc.Ok("mount", Device, dir);
        _mounts.Add(dir);
        return dir;
    }

    public void Unmount(string dir)
    {
        Proc.Ok("umount", dir);
        _mounts.Remove(dir);
    }

    public void Dispose()
    {
        foreach (var m in _mounts)
            Proc.Run("umount", ["-l", m]);
        if (_daemon is { HasExited: false })
        {
            Cli("volume", "secondary", Name);
            Cli("volume", "down", Name);
            Proc.Run("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (!_daemon.WaitForExit(15_000))
                _daemon.Kill(); // SIGKILL if it would not stop
        }
        // A killed daemon leaves its FUSE mount and loop device: remove them by name.
        foreach (var line in Proc.Run("losetup", ["-j", Path.Combine(Dir, Name + ".fuse", Name)]).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Proc.Run("losetup", ["-d", line.Split(':')[0]]);
        Proc.Run("umount", ["-l", Path.Combine(Dir, Name + ".fuse")]);
        // ... and its /dev/tandem/NAME link, which would otherwise point at a loop device the next user reuses.
        Tandem.Device.DeviceLinks.Remove(Name);
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
