using Tandem.Fuse;

namespace Tandem.Device;

/// <summary>/dev/nbdN connected to the volume's NBD export by nbd-client; the kernel does the transmission.</summary>
public sealed class KernelNbdDevice : IBlockDevice
{
    static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    KernelNbdDevice(string node, int clientProcessId)
    {
        NodePath = node;
        ClientProcessId = clientProcessId;
    }

    public string NodePath { get; }
    public int? ClientProcessId { get; }
    public string Backend => "kernel nbd, NBD client of the volume";

    public static async Task<IBlockDevice> AttachAsync(string volume, string nbdSocket, CancellationToken ct)
    {
        string? tried = null, error = null;
        // Another program may take the device found free before nbd-client connects it: try the next one.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var node = KernelNbd.FreeDevice()
                ?? throw new IOException("every /dev/nbdN is connected already; load the driver with more devices (modprobe nbd nbds_max=32)");
            if (node == tried)
                break;
            tried = node;
            var r = await ToolRunner.RunAsync(KernelNbd.Tool, KernelNbd.ConnectArgs(nbdSocket, node, volume), ToolTimeout, ct);
            if (r.ExitCode == 0)
                return new KernelNbdDevice(node, r.ProcessId);
            error = $"{KernelNbd.Tool} exited with {r.ExitCode}: {(r.StdErr.Length > 0 ? r.StdErr : r.StdOut)}";
        }
        throw new IOException($"could not connect {tried} to {nbdSocket}: {error}");
    }

    /// <summary>Throws <see cref="DeviceBusyException"/> (and keeps the device) while it is mounted or open.</summary>
    public async ValueTask DisposeAsync()
    {
        var holders = HolderInspector.Find(NodePath);
        if (holders.Count > 0)
            throw new DeviceBusyException(NodePath, string.Join(", ", holders));
        var r = await ToolRunner.RunAsync(KernelNbd.Tool, ["-d", NodePath], ToolTimeout, CancellationToken.None);
        if (r.ExitCode != 0)
            throw new IOException($"{KernelNbd.Tool} -d {NodePath} exited with {r.ExitCode}: {r.StdErr}");
    }
}
