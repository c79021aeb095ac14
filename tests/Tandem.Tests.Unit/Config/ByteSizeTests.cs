using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class ByteSizeTests
{
    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("0", 0L)]
    [InlineData("512B", 512L)]
    [InlineData("4KiB", 4096L)]
    [InlineData("4K", 4096L)]
    [InlineData("4k", 4096L)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("512M", 512L << 20)]
    [InlineData("30GiB", 30L << 30)]
    [InlineData("1G", 1L << 30)]
    [InlineData("2TiB", 2L << 40)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("30 GiB", 30L << 30)]
    [InlineData("1_048_576", 1L << 20)]
    [InlineData("8388607TiB", 8388607L << 40)]
    public void Parses(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

    [Theory]
    [InlineData("1GB", "decimal units are not accepted; write \"1GiB\"")]
    [InlineData("10mb", "decimal units are not accepted; write \"10MiB\"")]
    [InlineData("1Gi", "unknown unit \"Gi\"")]
    [InlineData("1PiB", "unknown unit")]
    [InlineData("auto", "is not a size")]
    [InlineData("-1G", "is not a size")]
    [InlineData("", "is not a size")]
    [InlineData("1.5", "not a whole number of bytes")]
    [InlineData("0.1KiB", "not a whole number of bytes")]
    [InlineData("8388608TiB", "too large")]
    [InlineData("99999999999999999999999999999999999", "is not a size")]
    public void Refuses(string text, string message)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData(30L << 30, "30GiB")]
    [InlineData(4096L, "4KiB")]
    [InlineData(1000L, "1000")]
    [InlineData(1536L << 20, "1536MiB")]
    [InlineData(0L, "0")]
    [InlineData(3L << 40, "3TiB")]
    public void Formats_exactly(long bytes, string text)
    {
        Assert.Equal(text, ByteSize.Format(bytes));
        Assert.Equal(bytes, ByteSize.Parse(text));
    }

    [Fact]
    public void Format_round_trips()
    {
        var rng = new Random(99);
        for (var i = 0; i < 2000; i++)
        {
            var n = rng.NextInt64(0, long.MaxValue) >> rng.Next(0, 60);
            Assert.Equal(n, ByteSize.Parse(ByteSize.Format(n)));
        }
    }
}
