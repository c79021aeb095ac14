using System.Diagnostics;

namespace Tandem.Bench;

/// <summary>A block device under test: set up, measured, torn down, once per round.</summary>
interface ISide
{
    string Name { get; }
    string Up();
    void Down();
}

/// <summary>Tandem's NBD server: daemon, volume Primary, its export behind <see cref="ExportDevice"/>.</summary>
sealed class TandemSide(string tandem, string work) : ISide, IDisposable
{
    Process? _daemon;
    ExportDevice? _device;

    public string Name => "tandem";

    public void Prepare(string backing)
    {
        File.WriteAllText(Path.Combine(work, "authkey"), Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        File.SetUnixFileMode(Path.Combine(work, "authkey"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = Path.Combine(work, "tandem.toml");
        File.WriteAllText(config, $"""
            [cluster]
            name = "bench"
            auth_key_file = "{work}/authkey"

            [nodes.bench]
            heartbeat = ["127.0.0.1:7694"]
            control_socket = "{work}/tandem.sock"

            [volumes.r0]
            protocol = "C"

            [volumes.r0.on.bench]
            disk = "{backing}"
            meta_disk = "internal"
            address = "127.0.0.1:7788"
            nbd_socket = "{work}/tandem/r0.nbd"
            """);
        Shell.Env["TANDEM_CONFIG"] = config;
        Shell.Env["TANDEM_NODE"] = "bench";
        Shell.Run(tandem, "volume", "create-md", "r0", "--force");
        _daemon = Shell.Start(tandem, Path.Combine(work, "daemon.log"), "daemon");
        Shell.WaitFor(() => File.Exists(Path.Combine(work, "tandem.sock")), "the tandem daemon's control socket");
        Shell.Run(tandem, "volume", "up", "r0");
        Shell.Run(tandem, "volume", "primary", "r0", "--force");
        Shell.Run(tandem, "volume", "secondary", "r0");
    }

    public string Up()
    {
        Shell.Run(tandem, "volume", "primary", "r0");
        // A client of the export like nbdkit's side has, not the daemon's own /dev/tandem/r0 (which bypasses the export).
        _device = ExportDevice.AttachAsync("r0", Path.Combine(work, "tandem", "r0.nbd"), Path.Combine(work, "export.fuse")).GetAwaiter().GetResult();
        return _device.NodePath;
    }

    public void Down()
    {
        // A foreign client of the export: demotion is refused while it is connected.
        _device?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _device = null;
        Shell.Run(tandem, "volume", "secondary", "r0");
    }

    public void Dispose()
    {
        if (_daemon is null)
            return;
        try { Down(); Shell.Run(tandem, "volume", "down", "r0"); }
        catch (InvalidOperationException) { }
        Shell.Run("kill", "-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!_daemon.WaitForExit(30_000))
            _daemon.Kill();
    }
}

/// <summary>The reference: nbdkit's file plugin on the same backing file, behind the same front end as Tandem's device.</summary>
sealed class NbdkitSide(string work, string backing) : ISide
{
    Process? _nbdkit;
    ExportDevice? _device;

    public string Name => "nbdkit";

    public string Up()
    {
        var dir = Path.Combine(work, "nbdkit");
        Directory.CreateDirectory(dir);
        var socket = Path.Combine(dir, "r0.nbd");
        File.Delete(socket); // nbdkit does not replace the socket of its previous round
        _nbdkit = Shell.Start("nbdkit", Path.Combine(work, "nbdkit.log"), "--foreground", "--exit-with-parent", "-U", socket, "file", backing);
        Shell.WaitFor(() => Connectable(socket), "nbdkit's socket");
        _device = ExportDevice.AttachAsync("r0", socket, Path.Combine(dir, "r0.fuse")).GetAwaiter().GetResult();
        return _device.NodePath;
    }

    static bool Connectable(string socket)
    {
        using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, 0);
        try { s.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socket)); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    public void Down()
    {
        _device?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _device = null;
        if (_nbdkit is { HasExited: false })
        {
            _nbdkit.Kill();
            _nbdkit.WaitForExit();
        }
    }
}
