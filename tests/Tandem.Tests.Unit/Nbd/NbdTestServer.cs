using Tandem.Nbd;

namespace Tandem.Tests.Unit.Nbd;

/// <summary>An <see cref="NbdServer"/> serving a RAM target as export "r0" over in-memory streams.</summary>
internal sealed class NbdTestServer : IAsyncDisposable
{
    public NbdTestServer(long size = 1 << 20, NbdServerOptions? options = null)
    {
        Target = new RamBlockTarget(size);
        Exports = new NbdExportRegistry(new NbdExport("r0", Target, "test volume"));
        Server = new NbdServer(options ?? new NbdServerOptions(), Exports);
    }

    public RamBlockTarget Target { get; }

    public NbdExportRegistry Exports { get; }

    public NbdServer Server { get; }

    /// <summary>Opens a connection; returns the client's end of the stream and the server's connection task.</summary>
    public (Stream Client, Task Served) Open()
    {
        var (client, server) = DuplexPipeStream.CreatePair();
        return (client, Server.Serve(server, "test"));
    }

    public Task<NbdClient> ConnectAsync(string export = "r0") => NbdClient.ConnectAsync(Open().Client, export, "test");

    public async Task<RawNbdSession> RawAsync(string export = "r0")
    {
        var (stream, served) = Open();
        var session = new RawNbdSession(stream, served);
        await session.GoAsync(export);
        return session;
    }

    public async ValueTask DisposeAsync() => await Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
}
