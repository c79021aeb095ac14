using System.Collections;
using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

/// <summary>Structural equality of option records (records holding lists and dictionaries compare by reference).</summary>
static class ConfigAssert
{
    /// <summary>Equal in every option; <see cref="TandemConfig.Locations"/> and warning lines may differ.</summary>
    public static void Equal(TandemConfig expected, TandemConfig actual)
    {
        Same(expected.Cluster, actual.Cluster, "Cluster");
        Same(expected.Nodes, actual.Nodes, "Nodes");
        Same(expected.Volumes, actual.Volumes, "Volumes");
        Same(expected.Groups, actual.Groups, "Groups");
        Assert.Equal(expected.SourcePath, actual.SourcePath);
        Assert.Equal(expected.Warnings.Select(w => (w.Key, w.Message)), actual.Warnings.Select(w => (w.Key, w.Message)));
    }

    static void Same(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected ?? "null"} != {actual ?? "null"}");
            return;
        }
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or TimeSpan or decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, found {actual}");
            return;
        }
        if (expected is IDictionary ed && actual is IDictionary ad)
        {
            Assert.Equal(ed.Keys.Cast<object>(), ad.Keys.Cast<object>());
            foreach (var key in ed.Keys)
                Same(ed[key], ad[key], $"{path}[{key}]");
            return;
        }
        if (expected is IEnumerable ee && actual is IEnumerable ae)
        {
            var e = ee.Cast<object?>().ToList();
            var a = ae.Cast<object?>().ToList();
            Assert.True(e.Count == a.Count, $"{path}: {e.Count} elements expected, found {a.Count}");
            for (var i = 0; i < e.Count; i++)
                Same(e[i], a[i], $"{path}[{i}]");
            return;
        }
        Assert.Equal(type, actual.GetType());
        foreach (var p in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            Same(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}");
    }
}
