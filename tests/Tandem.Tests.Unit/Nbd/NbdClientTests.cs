using System.Buffers;
using System.Text;
using Tandem.Nbd;
using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Tests.Unit.Nbd;

public sealed class NbdClientTests
{
    [Fact]
    public async Task Client_negotiates_size_and_flags_and_round_trips_every_command()
    {
        await using var server = new NbdTestServer();
        await using NbdClient client = await server.ConnectAsync();

        Assert.Equal(1 << 20, client.SizeBytes);
        Assert.Equal(NbdServerHandshake.ServedFlags, client.TransmissionFlags);
        Assert.Equal("r0", client.ExportName);

        byte[] data = RandomBytes(64 * 1024 + 7, seed: 1);
        await client.WriteAsync(4096, data, fua: true, CancellationToken.None);
        byte[] back = new byte[data.Length];
        await client.ReadAsync(4096, back, CancellationToken.None);
        Assert.Equal(data, back);
        Assert.Equal(data, server.Target.Data.AsSpan(4096, data.Length).ToArray());
        Assert.Equal(1, server.Target.FuaWrites);

        await client.WriteZeroesAsync(4096, 100, fua: false, CancellationToken.None);
        Assert.All(server.Target.Data[4096..4196], b => Assert.Equal(0, b));
        await client.TrimAsync(0, 8192, CancellationToken.None);
        Assert.Equal((0L, 8192L), Assert.Single(server.Target.Trims));
        await client.FlushAsync(CancellationToken.None);
        Assert.Equal(1, server.Target.Flushes);
    }

    [Fact]
    public async Task Many_requests_in_flight_complete_with_the_right_data_and_reach_the_target_concurrently()
    {
        await using var server = new NbdTestServer(size: 4 << 20);
        server.Target.Delay = TimeSpan.FromMilliseconds(20);
        await using NbdClient client = await server.ConnectAsync();

        const int count = 256;
        const int block = 16 * 1024;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.WriteAsync((long)i * block, RandomBytes(block, seed: i), fua: false, CancellationToken.None).AsTask()));
        byte[][] read = Enumerable.Range(0, count).Select(_ => new byte[block]).ToArray();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.ReadAsync((long)i * block, read[i], CancellationToken.None).AsTask()));

        for (int i = 0; i < count; i++)
        {
            Assert.Equal(RandomBytes(block, seed: i), read[i]);
        }

        Assert.True(server.Target.MaxConcurrent >= 8, $"only {server.Target.MaxConcurrent} requests ran at once");
    }

    [Fact]
    public async Task Concurrent_replies_of_mixed_sizes_never_interleave()
    {
        await using var server = new NbdTestServer(size: 8 << 20);
        new Random(5).NextBytes(server.Target.Data);
        server.Target.Delay = TimeSpan.FromMilliseconds(1);
        await using NbdClient client = await server.ConnectAsync();

        int[] sizes = [512, 40_000, 4096, 100_000, 16, 33_000];
        var reads = Enumerable.Range(0, 300).Select(async i =>
        {
            int size = sizes[i % sizes.Length];
            long offset = (long)i * 20_000 % ((8 << 20) - size);
            byte[] buffer = new byte[size];
            await client.ReadAsync(offset, buffer, CancellationToken.None);
            return (offset, buffer);
        });
        foreach (var (offset, buffer) in await Task.WhenAll(reads))
        {
            Assert.True(buffer.AsSpan().SequenceEqual(server.Target.Data.AsSpan((int)offset, buffer.Length)), $"read at {offset} (+{buffer.Length}) differs");
        }
    }

    [Fact]
    public async Task Reads_larger_than_the_payload_limit_are_split()
    {
        await using var server = new NbdTestServer(size: 40 << 20);
        Random.Shared.NextBytes(server.Target.Data);
        await using NbdClient client = await server.ConnectAsync();

        byte[] all = new byte[40 << 20];
        await client.ReadAsync(0, all, CancellationToken.None);
        Assert.True(all.AsSpan().SequenceEqual(server.Target.Data));

        await client.WriteAsync(0, new byte[36 << 20], fua: true, CancellationToken.None);
        Assert.True(server.Target.Data.AsSpan(0, 36 << 20).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public async Task Server_errors_surface_as_block_io_exceptions_with_the_errno()
    {
        await using var server = new NbdTestServer();
        await using NbdClient client = await server.ConnectAsync();
        server.Target.RefuseWritesErrno = Errno.EPERM;

        var refused = await Assert.ThrowsAsync<BlockIoException>(() =>
            client.WriteAsync(0, new byte[512], fua: false, CancellationToken.None).AsTask());
        Assert.Equal(Errno.EPERM, refused.Errno);
        Assert.Contains("Operation not permitted", refused.Message);

        var outOfRange = await Assert.ThrowsAsync<BlockIoException>(() =>
            client.ReadAsync((1 << 20) - 10, new byte[20], CancellationToken.None).AsTask());
        Assert.Equal(Errno.EINVAL, outOfRange.Errno);

        var beyond = await Assert.ThrowsAsync<BlockIoException>(() =>
            client.WriteZeroesAsync(1 << 20, 512, fua: false, CancellationToken.None).AsTask());
        Assert.Equal(Errno.ENOSPC, beyond.Errno);

        server.Target.RefuseWritesErrno = 0;
        await client.WriteAsync(0, new byte[512], fua: false, CancellationToken.None);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Unknown_export_fails_the_connect_with_the_servers_reason()
    {
        await using var server = new NbdTestServer();
        var e = await Assert.ThrowsAsync<NbdProtocolException>(() => server.ConnectAsync("nope"));
        Assert.Contains("ErrUnknown", e.Message);
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public async Task Dispose_sends_disconnect_and_the_server_closes_the_connection()
    {
        await using var server = new NbdTestServer();
        var (stream, served) = server.Open();
        NbdClient client = await NbdClient.ConnectAsync(stream, "r0");
        Assert.Equal(1, server.Server.ConnectionCount);

        await client.DisposeAsync();
        await served.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, server.Server.ConnectionCount);
        var after = await Assert.ThrowsAsync<BlockIoException>(() => client.FlushAsync(CancellationToken.None).AsTask());
        Assert.False(client.IsConnected);
        Assert.NotEqual(0, after.Errno);
    }

    [Fact]
    public async Task Requests_in_flight_fail_with_eio_when_the_server_goes_away()
    {
        var server = new NbdTestServer(options: new NbdServerOptions { DrainTimeout = TimeSpan.FromMilliseconds(200) });
        server.Target.Delay = TimeSpan.FromSeconds(30);
        await using NbdClient client = await server.ConnectAsync();

        Task pending = client.FlushAsync(CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);
        var stopping = server.Server.StopAsync();
        var e = await Assert.ThrowsAnyAsync<BlockIoException>(() => pending.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(Errno.ESHUTDOWN, e.Errno); // cancelled by the stopping server, answered ESHUTDOWN
        Assert.False(client.IsConnected);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Client_falls_back_to_export_name_when_go_is_unsupported()
    {
        var (clientEnd, serverEnd) = DuplexPipeStream.CreatePair();
        Task<NbdClient> connecting = NbdClient.ConnectAsync(clientEnd, "legacy");

        // A minimal old-fashioned server: greeting, GO → ERR_UNSUP, EXPORT_NAME → size and flags.
        var raw = new RawNbdSession(serverEnd, Task.CompletedTask);
        byte[] greeting = new byte[NbdGreeting.Size];
        NbdGreeting.Write(greeting, NbdHandshakeFlags.FixedNewstyle);
        await raw.SendRawAsync(greeting);
        Assert.True(NbdGreeting.TryReadClientFlags(await raw.ReadAsync(4), out NbdClientFlags flags));
        Assert.Equal(NbdClientFlags.FixedNewstyle, flags); // no NO_ZEROES: the server did not offer it

        Assert.True(NbdOptionHeader.TryRead(await raw.ReadAsync(NbdOptionHeader.Size), out NbdOptionHeader go));
        Assert.Equal(NbdOption.Go, go.Option);
        Assert.Equal("legacy", NbdGoRequest.Parse(await raw.ReadAsync((int)go.Length)).ExportName);
        var reply = new ArrayBufferWriter<byte>();
        NbdOptionReplyWriter.WriteError(reply, NbdOption.Go, NbdOptionReplyType.ErrUnsup);
        await raw.SendRawAsync(reply.WrittenSpan.ToArray());

        Assert.True(NbdOptionHeader.TryRead(await raw.ReadAsync(NbdOptionHeader.Size), out NbdOptionHeader exportName));
        Assert.Equal(NbdOption.ExportName, exportName.Option);
        Assert.Equal("legacy", Encoding.UTF8.GetString(await raw.ReadAsync((int)exportName.Length)));
        byte[] answer = new byte[NbdExportNameReply.FullSize];
        NbdExportNameReply.Write(answer, 123456, NbdTransmissionFlags.HasFlags | NbdTransmissionFlags.ReadOnly, noZeroes: false);
        await raw.SendRawAsync(answer);

        await using NbdClient client = await connecting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(123456, client.SizeBytes);
        var e = await Assert.ThrowsAsync<BlockIoException>(() => client.WriteAsync(0, new byte[1], false, CancellationToken.None).AsTask());
        Assert.Equal(Errno.EPERM, e.Errno);
        serverEnd.Dispose();
    }

    [Fact]
    public async Task A_server_without_fixed_newstyle_is_refused()
    {
        var (clientEnd, serverEnd) = DuplexPipeStream.CreatePair();
        byte[] greeting = new byte[NbdGreeting.Size];
        NbdGreeting.Write(greeting, NbdHandshakeFlags.None);
        await serverEnd.WriteAsync(greeting);
        var e = await Assert.ThrowsAsync<NbdProtocolException>(() => NbdClient.ConnectAsync(clientEnd, "r0"));
        Assert.Contains("fixed newstyle", e.Message);
    }

    [Fact]
    public void Nbd_uris_parse_and_print()
    {
        NbdUri unix = NbdUri.Parse("nbd+unix:///r0?socket=/run/tandem/r0.nbd");
        Assert.Equal(("r0", "/run/tandem/r0.nbd"), (unix.ExportName, unix.SocketPath));
        Assert.Equal("nbd+unix:///r0?socket=/run/tandem/r0.nbd", unix.ToString());
        NbdUri tcp = NbdUri.Parse("nbd://127.0.0.1/disk");
        Assert.Equal(("127.0.0.1", 10809, "disk"), (tcp.Host, tcp.Port, tcp.ExportName));
        Assert.Equal(2000, NbdUri.Parse("nbd://localhost:2000/").Port);
        Assert.Throws<FormatException>(() => NbdUri.Parse("http://x/y"));
        Assert.Throws<FormatException>(() => NbdUri.Parse("nbd+unix:///r0"));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
