using Tandem.Nbd;
using Tandem.Nbd.Protocol;

namespace Tandem.Tests.Unit.Nbd;

public sealed class NbdRequestValidatorTests
{
    private const ulong Size = 1 << 20;

    private static NbdError Check(NbdCommand command, ulong offset, uint length, NbdCommandFlags flags = 0, bool readOnly = false) =>
        NbdRequestValidator.Validate(new NbdRequest(flags, command, 1, offset, length), Size, readOnly);

    [Theory]
    [InlineData(NbdCommand.Read)]
    [InlineData(NbdCommand.Write)]
    [InlineData(NbdCommand.Trim)]
    [InlineData(NbdCommand.WriteZeroes)]
    public void In_range_requests_pass_including_the_last_byte(NbdCommand command)
    {
        Assert.Equal(NbdError.None, Check(command, 0, 4096));
        Assert.Equal(NbdError.None, Check(command, Size - 1, 1));
        Assert.Equal(NbdError.None, Check(command, Size, 0));
    }

    [Theory]
    [InlineData(NbdCommand.Read, NbdError.Inval)]
    [InlineData(NbdCommand.Trim, NbdError.Inval)]
    [InlineData(NbdCommand.Write, NbdError.NoSpc)]
    [InlineData(NbdCommand.WriteZeroes, NbdError.NoSpc)]
    public void Beyond_the_end_gets_the_error_the_spec_names(NbdCommand command, NbdError expected)
    {
        Assert.Equal(expected, Check(command, Size - 512, 1024));
        Assert.Equal(expected, Check(command, Size + 1, 0));
        Assert.Equal(expected, Check(command, ulong.MaxValue - 10, 4096)); // would wrap around
    }

    [Fact]
    public void Payloads_over_32_MiB_are_invalid_but_trim_and_zeroes_may_be_long()
    {
        const ulong big = 1UL << 40;
        var read = new NbdRequest(0, NbdCommand.Read, 1, 0, (32u << 20) + 1);
        Assert.Equal(NbdError.Inval, NbdRequestValidator.Validate(read, big, false));
        Assert.Equal(NbdError.Inval, NbdRequestValidator.Validate(read with { Command = NbdCommand.Write }, big, false));
        Assert.Equal(NbdError.None, NbdRequestValidator.Validate(read with { Length = 32u << 20 }, big, false));
        Assert.Equal(NbdError.None, NbdRequestValidator.Validate(read with { Command = NbdCommand.Trim, Length = uint.MaxValue }, big, false));
        Assert.Equal(NbdError.None, NbdRequestValidator.Validate(read with { Command = NbdCommand.WriteZeroes, Length = uint.MaxValue }, big, false));
    }

    [Theory]
    [InlineData((NbdCommand)5)] // CACHE, not advertised
    [InlineData((NbdCommand)7)] // BLOCK_STATUS without meta contexts
    [InlineData((NbdCommand)999)]
    public void Unknown_commands_are_einval(NbdCommand command) => Assert.Equal(NbdError.Inval, Check(command, 0, 0));

    [Fact]
    public void Fua_is_accepted_everywhere_no_hole_only_on_write_zeroes_and_other_flags_are_einval()
    {
        Assert.Equal(NbdError.None, Check(NbdCommand.Write, 0, 512, NbdCommandFlags.Fua));
        Assert.Equal(NbdError.None, Check(NbdCommand.Read, 0, 512, NbdCommandFlags.Fua));
        Assert.Equal(NbdError.None, Check(NbdCommand.Flush, 0, 0, NbdCommandFlags.Fua));
        Assert.Equal(NbdError.None, Check(NbdCommand.WriteZeroes, 0, 512, NbdCommandFlags.Fua | NbdCommandFlags.NoHole));
        Assert.Equal(NbdError.Inval, Check(NbdCommand.Write, 0, 512, NbdCommandFlags.NoHole));
        Assert.Equal(NbdError.Inval, Check(NbdCommand.Read, 0, 512, NbdCommandFlags.DontFragment));
        Assert.Equal(NbdError.Inval, Check(NbdCommand.WriteZeroes, 0, 512, NbdCommandFlags.FastZero));
        Assert.Equal(NbdError.Inval, Check(NbdCommand.Read, 0, 512, (NbdCommandFlags)0x8000));
    }

    [Fact]
    public void Read_only_exports_refuse_writes_trims_and_zeroes_with_eperm()
    {
        Assert.Equal(NbdError.Perm, Check(NbdCommand.Write, 0, 512, readOnly: true));
        Assert.Equal(NbdError.Perm, Check(NbdCommand.Trim, 0, 512, readOnly: true));
        Assert.Equal(NbdError.Perm, Check(NbdCommand.WriteZeroes, 0, 512, readOnly: true));
        Assert.Equal(NbdError.None, Check(NbdCommand.Read, 0, 512, readOnly: true));
        Assert.Equal(NbdError.None, Check(NbdCommand.Flush, 0, 0, readOnly: true));
    }
}
