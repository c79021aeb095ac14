using Tandem.Nbd;

namespace Tandem.Tests.Integration.Nbd;

/// <summary>
/// The Tandem NBD server on a Unix socket in a fresh directory under /tmp, serving a file-backed target
/// as export "r0". Disposing stops the server and deletes the directory.
/// </summary>
internal sealed class NbdIntegrationServer : IAsyncDisposable
{
    public const string ExportName = "r0";

    private NbdIntegrationServer(string directory, long size)
    {
        Directory = directory;
        BackingFile = Path.Combine(directory, "backing.img");
        SocketPath = Path.Combine(directory, "r0.nbd");
        Target = new FileBlockTarget(BackingFile, size);
        Server = new NbdServer(new NbdServerOptions { UnixSocketPath = SocketPath },
            new NbdExportRegistry(new NbdExport(ExportName, Target, "integration test volume")));
    }

    public string Directory { get; }

    public string BackingFile { get; }

    public string SocketPath { get; }

    public FileBlockTarget Target { get; }

    public NbdServer Server { get; }

    /// <summary>nbd+unix:///r0?socket=PATH, as libnbd and qemu understand it.</summary>
    public string Uri => NbdUri.Unix(SocketPath, ExportName).ToString();

    public static NbdIntegrationServer Start(long size = 16 << 20)
    {
        var server = new NbdIntegrationServer(TempDirectory(), size);
        try
        {
            server.Server.Start();
        }
        catch
        {
            server.Target.Dispose();
            System.IO.Directory.Delete(server.Directory, recursive: true);
            throw;
        }

        return server;
    }

    public static string TempDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"tandem-nbd-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public string TempFile(string name) => Path.Combine(Directory, name);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Target.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
