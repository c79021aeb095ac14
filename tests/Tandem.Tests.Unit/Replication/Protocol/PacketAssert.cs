using System.Collections;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Unit.Replication.Protocol;

/// <summary>Field-by-field packet equality, comparing memory and lists by content (records compare them by reference).</summary>
internal static class PacketAssert
{
    public static void Equal(ReplicationPacket expected, ReplicationPacket actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var property in expected.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            object? e = property.GetValue(expected);
            object? a = property.GetValue(actual);
            switch (e)
            {
                case ReadOnlyMemory<byte> em:
                    Assert.True(em.Span.SequenceEqual(((ReadOnlyMemory<byte>)a!).Span), $"{expected.GetType().Name}.{property.Name} differs");
                    break;
                case IEnumerable el when e is not string:
                    Assert.Equal(el.Cast<object>(), ((IEnumerable)a!).Cast<object>());
                    break;
                default:
                    Assert.True(Equals(e, a), $"{expected.GetType().Name}.{property.Name}: expected {e}, got {a}");
                    break;
            }
        }
    }
}
