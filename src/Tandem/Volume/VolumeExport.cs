using Microsoft.Extensions.Logging;
using Tandem.Nbd;
using Tandem.Storage;

namespace Tandem.Volume;

/// <summary>A volume's NBD export on its <c>nbd_socket</c> (export name = volume name), open while the volume is up.</summary>
public sealed class VolumeExport : IAsyncDisposable
{
    readonly NbdServer _server;

    VolumeExport(NbdServer server, IBlockTarget target)
    {
        _server = server;
        Target = target;
    }

    /// <summary>The volume as the export serves it; the daemon's own FUSE device serves it the same way, without the socket.</summary>
    public IBlockTarget Target { get; }

    public static Task<VolumeExport> StartAsync(string volume, string socketPath, IBlockTarget target, ILoggerFactory logs, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(socketPath))!);
        var exports = new NbdExportRegistry(new NbdExport(volume, target, $"Tandem volume {volume}"));
        var server = new NbdServer(new NbdServerOptions { UnixSocketPath = socketPath }, exports, logs.CreateLogger("Tandem.Nbd"));
        server.Start();
        return Task.FromResult(new VolumeExport(server, target));
    }

    /// <summary>
    /// NBD clients other than this process and the one that connected our block device (nbd-client for the
    /// kernel's driver, which keeps its connection after nbd-client exits), described for a refusal.
    /// </summary>
    public IEnumerable<string> ForeignClients(int? deviceClient) =>
        _server.GetConnections()
            .Where(c => c.Peer is null || (c.Peer.ProcessId != Environment.ProcessId && c.Peer.ProcessId != deviceClient))
            .Select(c => c.Describe());

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
