/**
 * `pnpm check:docs`: every export of every published package is documented. Functions and classes
 * need TSDoc with a summary and an `@example`; constants, types and interfaces need a summary.
 */
import { join, relative } from 'node:path';
import ts from 'typescript';
import { publishablePackages, root } from './workspace.js';

/** Functions, classes, and constants holding a function. */
function isCallable(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) return true;
  if (!(symbol.flags & ts.SymbolFlags.Variable) || symbol.valueDeclaration === undefined)
    return false;
  return (
    checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration).getCallSignatures().length >
    0
  );
}

const problems: string[] = [];
let checked = 0;
for (const pkg of await publishablePackages()) {
  const entry = join(pkg.dir, 'src', 'index.ts');
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    customConditions: ['@kds/source'],
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) {
    problems.push(`${pkg.name}: cannot read ${relative(root, entry)}`);
    continue;
  }
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const hasExample = symbol.getJsDocTags(checker).some((tag) => tag.name === 'example');
    checked += 1;
    if (isCallable(symbol, checker)) {
      if (summary === '' || !hasExample) {
        problems.push(`${pkg.name}: ${exported.name} needs TSDoc with a summary and an @example`);
      }
    } else if (summary === '') {
      problems.push(`${pkg.name}: ${exported.name} needs a TSDoc summary`);
    }
  }
}
for (const problem of problems) console.error(problem);
if (problems.length > 0) {
  console.error(`check:docs: ${problems.length} of ${checked} exports lack documentation`);
  process.exitCode = 1;
} else {
  console.log(`check:docs: ${checked} exports documented`);
}
