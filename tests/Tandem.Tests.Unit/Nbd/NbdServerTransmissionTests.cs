using System.Buffers.Binary;
using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Tests.Unit.Nbd;

/// <summary>The server's transmission phase driven byte by byte, including hostile requests.</summary>
public sealed class NbdServerTransmissionTests
{
    [Fact]
    public async Task Write_then_read_returns_the_data_with_the_request_cookies()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();
        Assert.Equal(1UL << 20, raw.ExportSize);

        byte[] data = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Write, 0xAA01, 8192, 4096), data);
        Assert.Equal(new NbdSimpleReply(NbdError.None, 0xAA01), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Read, 0xAA02, 8192, 4096));
        Assert.Equal(new NbdSimpleReply(NbdError.None, 0xAA02), await raw.ReadReplyAsync());
        Assert.Equal(data, await raw.ReadAsync(4096));
        Assert.Equal(data, server.Target.Data[8192..12288]);
    }

    [Fact]
    public async Task Out_of_range_read_is_einval_and_write_is_enospc_and_the_session_goes_on()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();

        await raw.SendAsync(new NbdRequest(0, NbdCommand.Read, 1, (1 << 20) - 512, 1024));
        Assert.Equal(new NbdSimpleReply(NbdError.Inval, 1), await raw.ReadReplyAsync());

        // The write payload is consumed even though the write is refused, so the stream stays in step.
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Write, 2, 1 << 20, 512), new byte[512]);
        Assert.Equal(new NbdSimpleReply(NbdError.NoSpc, 2), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(0, NbdCommand.WriteZeroes, 3, 0, (1 << 20) + 1));
        Assert.Equal(new NbdSimpleReply(NbdError.NoSpc, 3), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Trim, 4, ulong.MaxValue, 1));
        Assert.Equal(new NbdSimpleReply(NbdError.Inval, 4), await raw.ReadReplyAsync());

        await raw.SendAsync(new NbdRequest(0, NbdCommand.Flush, 5, 0, 0));
        Assert.Equal(new NbdSimpleReply(NbdError.None, 5), await raw.ReadReplyAsync());
    }

    [Fact]
    public async Task Unknown_command_and_unknown_flag_are_einval_without_closing()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();

        await raw.SendAsync(new NbdRequest(0, (NbdCommand)42, 7, 0, 0));
        Assert.Equal(new NbdSimpleReply(NbdError.Inval, 7), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(NbdCommandFlags.DontFragment, NbdCommand.Read, 8, 0, 512));
        Assert.Equal(new NbdSimpleReply(NbdError.Inval, 8), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Read, 9, 0, 512));
        Assert.Equal(new NbdSimpleReply(NbdError.None, 9), await raw.ReadReplyAsync());
        Assert.Equal(512, (await raw.ReadAsync(512)).Length);
    }

    [Fact]
    public async Task Oversized_read_is_einval_without_payload()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();

        await raw.SendAsync(new NbdRequest(0, NbdCommand.Read, 1, 0, (32u << 20) + 1));
        Assert.Equal(new NbdSimpleReply(NbdError.Inval, 1), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Flush, 2, 0, 0));
        Assert.Equal(new NbdSimpleReply(NbdError.None, 2), await raw.ReadReplyAsync());
    }

    [Fact]
    public async Task Oversized_write_gets_einval_and_the_connection_is_closed()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();

        await raw.SendAsync(new NbdRequest(0, NbdCommand.Write, 1, 0, uint.MaxValue));
        Assert.Equal(new NbdSimpleReply(NbdError.Inval, 1), await raw.ReadReplyAsync());
        Assert.True(await raw.ClosedByServerAsync());
        await raw.Served.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Bad_request_magic_closes_the_connection()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();

        byte[] frame = new byte[NbdRequest.Size];
        new NbdRequest(0, NbdCommand.Read, 1, 0, 512).Write(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame, 0x12345678);
        await raw.SendRawAsync(frame);
        Assert.True(await raw.ClosedByServerAsync());
        await raw.Served.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, server.Server.ConnectionCount);
    }

    [Fact]
    public async Task Hostile_option_length_during_negotiation_closes_the_connection()
    {
        await using var server = new NbdTestServer();
        var (stream, served) = server.Open();
        var raw = new RawNbdSession(stream, served);
        await raw.ReadGreetingAsync();

        byte[] frame = new byte[4 + NbdOptionHeader.Size];
        NbdGreeting.WriteClientFlags(frame, NbdClientFlags.FixedNewstyle);
        new NbdOptionHeader(NbdOption.Go, 0xFFFF_FFF0).Write(frame.AsSpan(4));
        await raw.SendRawAsync(frame);
        Assert.True(await raw.ClosedByServerAsync());
        await served.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Target_refusal_is_reported_with_its_errno_and_a_failed_read_sends_no_payload()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();
        server.Target.RefuseWritesErrno = Errno.EPERM;
        server.Target.RefuseReadsErrno = Errno.EBUSY; // no NBD counterpart: EIO

        await raw.SendAsync(new NbdRequest(0, NbdCommand.Write, 1, 0, 512), new byte[512]);
        Assert.Equal(new NbdSimpleReply(NbdError.Perm, 1), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Read, 2, 0, 512));
        Assert.Equal(new NbdSimpleReply(NbdError.Io, 2), await raw.ReadReplyAsync());
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Trim, 3, 0, 512));
        Assert.Equal(new NbdSimpleReply(NbdError.Perm, 3), await raw.ReadReplyAsync());

        server.Target.RefuseReadsErrno = 0;
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Read, 4, 0, 16));
        Assert.Equal(new NbdSimpleReply(NbdError.None, 4), await raw.ReadReplyAsync());
        Assert.Equal(new byte[16], await raw.ReadAsync(16));
    }

    [Fact]
    public async Task Disconnect_answers_every_request_in_flight_before_closing()
    {
        await using var server = new NbdTestServer();
        server.Target.Delay = TimeSpan.FromMilliseconds(100);
        RawNbdSession raw = await server.RawAsync();

        for (ulong cookie = 1; cookie <= 10; cookie++)
        {
            await raw.SendAsync(new NbdRequest(NbdCommandFlags.Fua, NbdCommand.Write, cookie, cookie * 512, 512), new byte[512]);
        }

        await raw.SendAsync(new NbdRequest(0, NbdCommand.Disconnect, 99, 0, 0));
        var cookies = new List<ulong>();
        for (int i = 0; i < 10; i++)
        {
            NbdSimpleReply reply = await raw.ReadReplyAsync();
            Assert.Equal(NbdError.None, reply.Error);
            cookies.Add(reply.Cookie);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (ulong)i), cookies.Order());
        Assert.True(await raw.ClosedByServerAsync());
        Assert.Equal(10, server.Target.FuaWrites);
    }

    [Fact]
    public async Task Flush_trim_and_write_zeroes_reach_the_target()
    {
        await using var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();
        server.Target.Data.AsSpan(0, 8192).Fill(0xFF);

        await raw.SendAsync(new NbdRequest(NbdCommandFlags.NoHole | NbdCommandFlags.Fua, NbdCommand.WriteZeroes, 1, 1024, 2048));
        Assert.Equal(NbdError.None, (await raw.ReadReplyAsync()).Error);
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Trim, 2, 4096, 4096));
        Assert.Equal(NbdError.None, (await raw.ReadReplyAsync()).Error);
        await raw.SendAsync(new NbdRequest(0, NbdCommand.Flush, 3, 0, 0));
        Assert.Equal(NbdError.None, (await raw.ReadReplyAsync()).Error);

        Assert.All(server.Target.Data[1024..3072], b => Assert.Equal(0, b));
        Assert.Equal(0xFF, server.Target.Data[1023]);
        Assert.Equal(0xFF, server.Target.Data[3072]);
        Assert.Equal((4096L, 4096L), Assert.Single(server.Target.Trims));
        Assert.Equal(1, server.Target.Flushes);
    }

    [Fact]
    public async Task Connections_report_their_export_and_stop_closes_them()
    {
        var server = new NbdTestServer();
        RawNbdSession raw = await server.RawAsync();
        var info = Assert.Single(server.Server.GetConnections("r0"));
        Assert.Equal("test", info.Transport);
        Assert.Empty(server.Server.GetConnections("r1"));

        await server.DisposeAsync();
        Assert.True(await raw.ClosedByServerAsync());
        Assert.Equal(0, server.Server.ConnectionCount);
    }
}
