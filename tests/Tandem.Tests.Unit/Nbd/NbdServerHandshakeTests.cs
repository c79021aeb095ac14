using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tandem.Nbd;
using Tandem.Nbd.Protocol;

namespace Tandem.Tests.Unit.Nbd;

public sealed class NbdServerHandshakeTests
{
    private readonly ArrayBufferWriter<byte> _output = new();

    private static NbdServerHandshake Negotiating(params string[] exports)
    {
        var machine = new NbdServerHandshake(new NbdExportRegistry(exports.Select(n => new NbdExport(n, new RamBlockTarget(1 << 20), $"volume {n}"))));
        machine.WriteGreeting(new ArrayBufferWriter<byte>());
        Assert.Equal(NbdHandshakeStep.Continue, machine.OnClientFlags(NbdClientFlags.FixedNewstyle | NbdClientFlags.NoZeroes));
        return machine;
    }

    private static byte[] GoData(string name, params NbdInfoType[] requests)
    {
        var writer = new ArrayBufferWriter<byte>();
        new NbdGoRequest(name, requests).WriteData(writer);
        return writer.WrittenSpan.ToArray();
    }

    private List<(NbdOptionReplyHeader Header, byte[] Payload)> Replies()
    {
        var replies = NbdOptionReplyCodecTests.Parse(_output.WrittenSpan);
        _output.ResetWrittenCount();
        return replies;
    }

    [Fact]
    public void Greeting_advertises_fixed_newstyle_and_no_zeroes()
    {
        var machine = new NbdServerHandshake(new NbdExportRegistry());
        Assert.Equal(NbdHandshakeState.Created, machine.State);
        machine.WriteGreeting(_output);

        Assert.True(NbdGreeting.TryRead(_output.WrittenSpan, out NbdHandshakeFlags flags));
        Assert.Equal(NbdHandshakeFlags.FixedNewstyle | NbdHandshakeFlags.NoZeroes, flags);
        Assert.Equal(NbdHandshakeState.AwaitingClientFlags, machine.State);
    }

    [Fact]
    public void Unknown_client_flags_close_the_session()
    {
        var machine = new NbdServerHandshake(new NbdExportRegistry());
        machine.WriteGreeting(_output);
        Assert.Equal(NbdHandshakeStep.Close, machine.OnClientFlags((NbdClientFlags)0x10));
        Assert.Equal(NbdHandshakeState.Closed, machine.State);
        Assert.Contains("client flags", machine.CloseReason);
    }

    [Fact]
    public void Inputs_out_of_order_are_errors()
    {
        var machine = new NbdServerHandshake(new NbdExportRegistry());
        Assert.Throws<InvalidOperationException>(() => machine.OnClientFlags(NbdClientFlags.FixedNewstyle));
        Assert.Throws<InvalidOperationException>(() => machine.OnOption(NbdOption.List, [], _output));
        machine.WriteGreeting(_output);
        Assert.Throws<InvalidOperationException>(() => machine.WriteGreeting(_output));
        Assert.Throws<InvalidOperationException>(() => machine.OnOption(NbdOption.List, [], _output));
    }

    [Fact]
    public void Go_replies_info_export_then_ack_and_enters_transmission()
    {
        var machine = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Transmission, machine.OnOption(NbdOption.Go, GoData("r0", NbdInfoType.Name, NbdInfoType.Description), _output));

        var replies = Replies();
        Assert.Equal(NbdOptionReplyType.Ack, replies[^1].Header.Type);
        var infos = replies.Where(r => r.Header.Type == NbdOptionReplyType.Info).Select(r => NbdInfoReply.Parse(r.Payload)).ToList();
        NbdInfoReply export = infos.Single(i => i.Type == NbdInfoType.Export);
        Assert.Equal(1UL << 20, export.ExportSize);
        Assert.Equal(NbdServerHandshake.ServedFlags, export.TransmissionFlags);
        Assert.Equal("r0", infos.Single(i => i.Type == NbdInfoType.Name).Text);
        Assert.Equal("volume r0", infos.Single(i => i.Type == NbdInfoType.Description).Text);
        Assert.Equal(32u << 20, infos.Single(i => i.Type == NbdInfoType.BlockSize).MaximumPayload);
        Assert.Equal(NbdHandshakeState.Transmission, machine.State);
        Assert.Equal("r0", machine.Export!.Name);
    }

    [Fact]
    public void Info_answers_like_go_but_keeps_negotiating()
    {
        var machine = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Continue, machine.OnOption(NbdOption.Info, GoData("r0"), _output));
        Assert.Equal(NbdOptionReplyType.Ack, Replies()[^1].Header.Type);
        Assert.Equal(NbdHandshakeState.AwaitingOption, machine.State);
        Assert.Equal(NbdHandshakeStep.Transmission, machine.OnOption(NbdOption.Go, GoData("r0"), _output));
    }

    [Fact]
    public void Unknown_export_gets_err_unknown_and_negotiation_continues()
    {
        var machine = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Continue, machine.OnOption(NbdOption.Go, GoData("nope"), _output));
        var (header, payload) = Assert.Single(Replies());
        Assert.Equal(NbdOptionReplyType.ErrUnknown, header.Type);
        Assert.Contains("nope", Encoding.UTF8.GetString(payload));
        Assert.Equal(NbdHandshakeState.AwaitingOption, machine.State);
    }

    [Fact]
    public void Empty_name_is_the_default_export_only_when_there_is_exactly_one()
    {
        var single = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Transmission, single.OnOption(NbdOption.Go, GoData(""), _output));
        Assert.Equal("r0", single.Export!.Name);
        _output.ResetWrittenCount();

        var two = Negotiating("r0", "r1");
        Assert.Equal(NbdHandshakeStep.Continue, two.OnOption(NbdOption.Go, GoData(""), _output));
        Assert.Equal(NbdOptionReplyType.ErrUnknown, Assert.Single(Replies()).Header.Type);
    }

    [Fact]
    public void Malformed_go_data_gets_err_invalid()
    {
        var machine = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Continue, machine.OnOption(NbdOption.Go, [0, 0, 0, 200, 1, 2], _output));
        Assert.Equal(NbdOptionReplyType.ErrInvalid, Assert.Single(Replies()).Header.Type);
    }

    [Fact]
    public void List_sends_one_server_reply_per_export_then_ack()
    {
        var machine = Negotiating("r0", "r1");
        Assert.Equal(NbdHandshakeStep.Continue, machine.OnOption(NbdOption.List, [], _output));
        var replies = Replies();
        Assert.Equal([NbdOptionReplyType.Server, NbdOptionReplyType.Server, NbdOptionReplyType.Ack], replies.Select(r => r.Header.Type));
        Assert.Equal(["r0", "r1"], replies.Take(2).Select(r => Encoding.UTF8.GetString(r.Payload, 4, (int)BinaryPrimitives.ReadUInt32BigEndian(r.Payload))));

        machine.OnOption(NbdOption.List, [1], _output);
        Assert.Equal(NbdOptionReplyType.ErrInvalid, Assert.Single(Replies()).Header.Type);
    }

    [Theory]
    [InlineData(NbdOption.StructuredReply)]
    [InlineData(NbdOption.StartTls)]
    [InlineData(NbdOption.ListMetaContext)]
    [InlineData(NbdOption.SetMetaContext)]
    [InlineData(NbdOption.ExtendedHeaders)]
    [InlineData((NbdOption)0xDEAD)]
    public void Unsupported_and_unknown_options_get_err_unsup(NbdOption option)
    {
        var machine = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Continue, machine.OnOption(option, [1, 2, 3], _output));
        var (header, _) = Assert.Single(Replies());
        Assert.Equal(NbdOptionReplyType.ErrUnsup, header.Type);
        Assert.Equal(option, header.Option);
    }

    [Fact]
    public void Abort_is_acknowledged_and_closes()
    {
        var machine = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Close, machine.OnOption(NbdOption.Abort, [], _output));
        Assert.Equal(NbdOptionReplyType.Ack, Assert.Single(Replies()).Header.Type);
        Assert.Equal(NbdHandshakeState.Closed, machine.State);
    }

    [Theory]
    [InlineData(false, NbdExportNameReply.FullSize)]
    [InlineData(true, NbdExportNameReply.ShortSize)]
    public void Export_name_replies_size_and_flags_honouring_no_zeroes(bool noZeroes, int expectedLength)
    {
        var machine = new NbdServerHandshake(new NbdExportRegistry(new NbdExport("r0", new RamBlockTarget(8192))));
        machine.WriteGreeting(_output);
        machine.OnClientFlags(NbdClientFlags.FixedNewstyle | (noZeroes ? NbdClientFlags.NoZeroes : 0));
        _output.ResetWrittenCount();

        Assert.Equal(NbdHandshakeStep.Transmission, machine.OnOption(NbdOption.ExportName, "r0"u8, _output));
        Assert.Equal(expectedLength, _output.WrittenCount);
        Assert.True(NbdExportNameReply.TryRead(_output.WrittenSpan, noZeroes, out ulong size, out NbdTransmissionFlags flags));
        Assert.Equal(8192UL, size);
        Assert.Equal(NbdServerHandshake.ServedFlags, flags);
    }

    [Fact]
    public void Export_name_for_an_unknown_export_must_close_without_a_reply()
    {
        var machine = Negotiating("r0");
        Assert.Equal(NbdHandshakeStep.Close, machine.OnOption(NbdOption.ExportName, "r9"u8, _output));
        Assert.Equal(0, _output.WrittenCount);
        Assert.Contains("r9", machine.CloseReason);
    }

    [Fact]
    public void Read_only_export_advertises_the_read_only_flag()
    {
        var machine = new NbdServerHandshake(new NbdExportRegistry(new NbdExport("ro", new RamBlockTarget(4096), ReadOnly: true)));
        machine.WriteGreeting(_output);
        machine.OnClientFlags(NbdClientFlags.FixedNewstyle);
        machine.OnOption(NbdOption.Go, GoData("ro"), _output);
        Assert.Equal(NbdServerHandshake.ServedFlags | NbdTransmissionFlags.ReadOnly, machine.ExportFlags);
    }

    [Fact]
    public void A_flood_of_options_is_cut_off()
    {
        var machine = Negotiating("r0");
        for (int i = 0; i < NbdServerHandshake.MaxOptions; i++)
        {
            Assert.Equal(NbdHandshakeStep.Continue, machine.OnOption(NbdOption.StructuredReply, [], _output));
        }

        Assert.Equal(NbdHandshakeStep.Close, machine.OnOption(NbdOption.StructuredReply, [], _output));
    }

    [Fact]
    public void While_shutting_down_options_get_err_shutdown_except_abort()
    {
        var machine = Negotiating("r0");
        machine.ShuttingDown = true;
        Assert.Equal(NbdHandshakeStep.Continue, machine.OnOption(NbdOption.Go, GoData("r0"), _output));
        Assert.Equal(NbdOptionReplyType.ErrShutdown, Assert.Single(Replies()).Header.Type);
        Assert.Equal(NbdHandshakeStep.Close, machine.OnOption(NbdOption.Abort, [], _output));
    }
}
