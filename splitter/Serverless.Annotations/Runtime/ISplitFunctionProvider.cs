using System.Collections.Generic;

namespace Serverless.Annotations.Runtime;

/// <summary>Lists the splittable functions of an assembly; implemented by generated code.</summary>
public interface ISplitFunctionProvider
{
    /// <summary>All functions the generator registered in the assembly.</summary>
    IReadOnlyList<SplitFunction> Functions { get; }
}
