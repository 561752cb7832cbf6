//! Scope analysis: which names are fast locals, cells, free variables, globals.
//!
//! Runs over the whole module before compilation, as CPython's symtable does. Scopes are keyed
//! by the address of their AST node, which stays put while the compiler walks the same tree.

use std::collections::{HashMap, HashSet};

use rustpython_parser::ast::{self, Expr, Stmt};

/// What kind of block a scope is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Comprehension,
}

/// How the compiler reaches a name from inside a scope.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NameAccess {
    Fast,
    Deref,
    Global,
    /// Through the namespace dict (module level and class bodies).
    Name,
    /// A class body reading a free variable: namespace first, then the cell.
    ClassDeref,
}

/// The analysed scope of one module, class, function, lambda or comprehension.
#[derive(Debug, Default)]
pub struct Scope {
    pub kind: Option<ScopeKind>,
    pub params: Vec<String>,
    pub bound: Vec<String>,
    bound_set: HashSet<String>,
    pub used: HashSet<String>,
    pub globals: HashSet<String>,
    pub nonlocals: HashSet<String>,
    pub parent: Option<usize>,
    pub cells: Vec<String>,
    pub frees: Vec<String>,
    pub is_generator: bool,
    /// Contains `await` or `async for` (CPython's `ste_coroutine`): an `async def`, or a
    /// comprehension that must run as a coroutine (or async generator, for a genexp).
    pub is_coroutine: bool,
    /// An `async def`.
    pub is_async_def: bool,
    /// A function defined in a class that calls `super()` or names `__class__`.
    pub needs_class_cell: bool,
}

impl Scope {
    fn bind(&mut self, name: &str) {
        if self.bound_set.insert(name.to_string()) {
            self.bound.push(name.to_string());
        }
    }
    pub fn is_bound(&self, name: &str) -> bool {
        self.bound_set.contains(name)
    }
    fn kind(&self) -> ScopeKind {
        self.kind.unwrap_or(ScopeKind::Module)
    }
    /// How `name` is reached from this scope.
    pub fn access(&self, name: &str) -> NameAccess {
        let kind = self.kind();
        if self.globals.contains(name) {
            return NameAccess::Global;
        }
        if self.cells.iter().any(|c| c == name) {
            return if kind == ScopeKind::Class {
                NameAccess::Name
            } else {
                NameAccess::Deref
            };
        }
        if self.frees.iter().any(|c| c == name) {
            return if kind == ScopeKind::Class && !self.nonlocals.contains(name) {
                NameAccess::ClassDeref
            } else {
                NameAccess::Deref
            };
        }
        match kind {
            ScopeKind::Module => NameAccess::Global,
            ScopeKind::Class => NameAccess::Name,
            _ => {
                if self.is_bound(name) {
                    NameAccess::Fast
                } else {
                    NameAccess::Global
                }
            }
        }
    }
    /// Fast locals in slot order: parameters first, then other bound names.
    pub fn fast_locals(&self) -> Vec<String> {
        let mut out = self.params.clone();
        for b in &self.bound {
            if !out.contains(b)
                && !self.globals.contains(b)
                && !self.nonlocals.contains(b)
                && !self.cells.contains(b)
            {
                out.push(b.clone());
            }
        }
        out
    }
}

/// All scopes of a module, keyed by AST node address.
#[derive(Debug, Default)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    pub by_node: HashMap<usize, usize>,
}

/// Address key of an AST node.
pub fn node_key<T>(node: &T) -> usize {
    node as *const T as usize
}

struct Builder {
    table: SymbolTable,
    stack: Vec<usize>,
}

/// Analyse a module.
pub fn analyse(body: &[Stmt]) -> SymbolTable {
    let mut b = Builder {
        table: SymbolTable::default(),
        stack: vec![],
    };
    let root = b.push(0usize, ScopeKind::Module);
    for s in body {
        b.stmt(s);
    }
    b.stack.pop();
    let _ = root;
    b.resolve();
    b.table
}

impl Builder {
    fn push(&mut self, key: usize, kind: ScopeKind) -> usize {
        let id = self.table.scopes.len();
        let parent = self.stack.last().copied();
        self.table.scopes.push(Scope {
            kind: Some(kind),
            parent,
            ..Default::default()
        });
        self.table.by_node.insert(key, id);
        self.stack.push(id);
        id
    }
    fn cur(&mut self) -> &mut Scope {
        let id = *self.stack.last().unwrap();
        &mut self.table.scopes[id]
    }
    fn bind(&mut self, name: &str) {
        self.cur().bind(name);
    }
    fn use_name(&mut self, name: &str) {
        self.cur().used.insert(name.to_string());
    }

    fn args(&mut self, args: &ast::Arguments) {
        // defaults and annotations are evaluated in the enclosing scope
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if let Some(d) = &a.default {
                self.expr(d);
            }
            if let Some(an) = &a.def.annotation {
                self.expr(an);
            }
        }
        for a in [&args.vararg, &args.kwarg].into_iter().flatten() {
            if let Some(an) = &a.annotation {
                self.expr(an);
            }
        }
    }
    fn params(&mut self, args: &ast::Arguments) {
        let mut names = vec![];
        for a in args.posonlyargs.iter().chain(&args.args) {
            names.push(a.def.arg.to_string());
        }
        for a in &args.kwonlyargs {
            names.push(a.def.arg.to_string());
        }
        if let Some(v) = &args.vararg {
            names.push(v.arg.to_string());
        }
        if let Some(v) = &args.kwarg {
            names.push(v.arg.to_string());
        }
        for n in &names {
            self.bind(n);
        }
        self.cur().params = names;
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(d);
                }
                self.args(&f.args);
                if let Some(r) = &f.returns {
                    self.expr(r);
                }
                self.bind(f.name.as_str());
                self.push(node_key(f), ScopeKind::Function);
                self.params(&f.args);
                self.stmts(&f.body);
                self.stack.pop();
            }
            Stmt::AsyncFunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(d);
                }
                self.args(&f.args);
                if let Some(r) = &f.returns {
                    self.expr(r);
                }
                self.bind(f.name.as_str());
                self.push(node_key(f), ScopeKind::Function);
                self.cur().is_coroutine = true;
                self.cur().is_async_def = true;
                self.params(&f.args);
                self.stmts(&f.body);
                self.stack.pop();
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(d);
                }
                for b in &c.bases {
                    self.expr(b);
                }
                for k in &c.keywords {
                    self.expr(&k.value);
                }
                self.bind(c.name.as_str());
                self.push(node_key(c), ScopeKind::Class);
                self.stmts(&c.body);
                self.stack.pop();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v);
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t);
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value);
                for t in &a.targets {
                    self.target(t);
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value);
                if let Expr::Name(n) = &*a.target {
                    self.use_name(n.id.as_str());
                }
                self.target(&a.target);
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v);
                }
                let kind = self.cur().kind();
                if kind != ScopeKind::Function {
                    self.expr(&a.annotation);
                }
                if a.value.is_some() || !matches!(&*a.target, Expr::Name(_)) {
                    self.target(&a.target);
                } else if let Expr::Name(n) = &*a.target {
                    // `x: int` alone still makes x local in a function
                    self.bind(n.id.as_str());
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                self.target(&f.target);
                self.stmts(&f.body);
                self.stmts(&f.orelse);
            }
            Stmt::AsyncFor(f) => {
                self.expr(&f.iter);
                self.target(&f.target);
                self.stmts(&f.body);
                self.stmts(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.stmts(&w.body);
                self.stmts(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.stmts(&i.body);
                self.stmts(&i.orelse);
            }
            Stmt::With(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr);
                    if let Some(v) = &it.optional_vars {
                        self.target(v);
                    }
                }
                self.stmts(&w.body);
            }
            Stmt::AsyncWith(w) => {
                for it in &w.items {
                    self.expr(&it.context_expr);
                    if let Some(v) = &it.optional_vars {
                        self.target(v);
                    }
                }
                self.stmts(&w.body);
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
                if let Some(e) = &r.cause {
                    self.expr(e);
                }
            }
            Stmt::Try(ast::StmtTry {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            })
            | Stmt::TryStar(ast::StmtTryStar {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            }) => {
                self.stmts(body);
                for h in handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    if let Some(n) = &h.name {
                        self.bind(n.as_str());
                    }
                    self.stmts(&h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = match &a.asname {
                        Some(x) => x.to_string(),
                        None => a.name.split('.').next().unwrap_or("").to_string(),
                    };
                    self.bind(&n);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        continue;
                    }
                    let n = a.asname.as_ref().unwrap_or(&a.name).to_string();
                    self.bind(&n);
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.cur().globals.insert(n.to_string());
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.cur().nonlocals.insert(n.to_string());
                }
            }
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::Match(m) => {
                self.expr(&m.subject);
            }
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::TypeAlias(_) => {}
        }
    }

    fn target(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => self.bind(n.id.as_str()),
            Expr::Tuple(x) => x.elts.iter().for_each(|e| self.target(e)),
            Expr::List(x) => x.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            Expr::Attribute(a) => self.expr(&a.value),
            Expr::Subscript(s) => {
                self.expr(&s.value);
                self.expr(&s.slice);
            }
            other => self.expr(other),
        }
    }

    fn comprehension(
        &mut self,
        key: usize,
        gens: &[ast::Comprehension],
        elts: &[&Expr],
        is_gen: bool,
    ) {
        // the first iterable is evaluated outside
        if let Some(first) = gens.first() {
            self.expr(&first.iter);
        }
        self.push(key, ScopeKind::Comprehension);
        self.cur().params = vec![".0".to_string()];
        self.bind(".0");
        if is_gen {
            self.cur().is_generator = true;
        }
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter);
            }
            if g.is_async {
                self.cur().is_coroutine = true;
            }
            self.target(&g.target);
            for c in &g.ifs {
                self.expr(c);
            }
        }
        for e in elts {
            self.expr(e);
        }
        let is_async = self.cur().is_coroutine && !is_gen;
        self.stack.pop();
        // an async list/set/dict comprehension is awaited where it stands (CPython 3.11)
        if is_async {
            self.cur().is_coroutine = true;
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => {
                self.use_name(n.id.as_str());
                if n.id.as_str() == "super" || n.id.as_str() == "__class__" {
                    self.cur().needs_class_cell = true;
                }
            }
            Expr::BoolOp(b) => b.values.iter().for_each(|v| self.expr(v)),
            Expr::NamedExpr(n) => {
                self.expr(&n.value);
                if let Expr::Name(name) = &*n.target {
                    // in a comprehension the target binds in the enclosing function
                    let mut depth = self.stack.len() - 1;
                    while depth > 0
                        && self.table.scopes[self.stack[depth]].kind() == ScopeKind::Comprehension
                    {
                        let id = self.stack[depth];
                        let parent_kind = self.table.scopes[self.stack[depth - 1]].kind();
                        if parent_kind == ScopeKind::Module {
                            self.table.scopes[id].globals.insert(name.id.to_string());
                        } else {
                            self.table.scopes[id].nonlocals.insert(name.id.to_string());
                        }
                        depth -= 1;
                    }
                    let id = self.stack[depth];
                    self.table.scopes[id].bind(name.id.as_str());
                    self.use_name(name.id.as_str());
                }
            }
            Expr::BinOp(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Expr::UnaryOp(u) => self.expr(&u.operand),
            Expr::Lambda(l) => {
                self.args(&l.args);
                self.push(node_key(l), ScopeKind::Function);
                self.params(&l.args);
                self.expr(&l.body);
                self.stack.pop();
            }
            Expr::IfExp(i) => {
                self.expr(&i.test);
                self.expr(&i.body);
                self.expr(&i.orelse);
            }
            Expr::Dict(d) => {
                for k in d.keys.iter().flatten() {
                    self.expr(k);
                }
                d.values.iter().for_each(|v| self.expr(v));
            }
            Expr::Set(s) => s.elts.iter().for_each(|v| self.expr(v)),
            Expr::ListComp(c) => self.comprehension(node_key(c), &c.generators, &[&c.elt], false),
            Expr::SetComp(c) => self.comprehension(node_key(c), &c.generators, &[&c.elt], false),
            Expr::GeneratorExp(c) => {
                self.comprehension(node_key(c), &c.generators, &[&c.elt], true)
            }
            Expr::DictComp(c) => {
                self.comprehension(node_key(c), &c.generators, &[&c.key, &c.value], false)
            }
            Expr::Await(a) => {
                self.expr(&a.value);
                self.cur().is_coroutine = true;
            }
            Expr::Yield(y) => {
                self.cur().is_generator = true;
                if let Some(v) = &y.value {
                    self.expr(v);
                }
            }
            Expr::YieldFrom(y) => {
                self.cur().is_generator = true;
                self.expr(&y.value);
            }
            Expr::Compare(c) => {
                self.expr(&c.left);
                c.comparators.iter().for_each(|v| self.expr(v));
            }
            Expr::Call(c) => {
                self.expr(&c.func);
                c.args.iter().for_each(|v| self.expr(v));
                c.keywords.iter().for_each(|k| self.expr(&k.value));
            }
            Expr::FormattedValue(f) => {
                self.expr(&f.value);
                if let Some(s) = &f.format_spec {
                    self.expr(s);
                }
            }
            Expr::JoinedStr(j) => j.values.iter().for_each(|v| self.expr(v)),
            Expr::Constant(_) => {}
            Expr::Attribute(a) => self.expr(&a.value),
            Expr::Subscript(s) => {
                self.expr(&s.value);
                self.expr(&s.slice);
            }
            Expr::Starred(s) => self.expr(&s.value),
            Expr::List(l) => l.elts.iter().for_each(|v| self.expr(v)),
            Expr::Tuple(l) => l.elts.iter().for_each(|v| self.expr(v)),
            Expr::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(x);
                }
            }
        }
    }

    /// Decide cells and free variables, innermost scopes last.
    fn resolve(&mut self) {
        let n = self.table.scopes.len();
        for id in 0..n {
            let kind = self.table.scopes[id].kind();
            if kind == ScopeKind::Module {
                continue;
            }
            let mut names: Vec<String> = self.table.scopes[id].used.iter().cloned().collect();
            names.extend(self.table.scopes[id].nonlocals.iter().cloned());
            names.sort();
            names.dedup();
            for name in names {
                let s = &self.table.scopes[id];
                if s.globals.contains(&name) {
                    continue;
                }
                let local_here =
                    kind != ScopeKind::Class && s.is_bound(&name) && !s.nonlocals.contains(&name);
                if local_here {
                    continue;
                }
                if kind == ScopeKind::Class && s.is_bound(&name) && !s.nonlocals.contains(&name) {
                    continue;
                }
                // find the nearest enclosing function scope binding it
                let mut p = s.parent;
                let mut found = None;
                while let Some(pid) = p {
                    let ps = &self.table.scopes[pid];
                    match ps.kind() {
                        ScopeKind::Module => break,
                        ScopeKind::Class => {}
                        _ => {
                            if ps.globals.contains(&name) {
                                break;
                            }
                            if ps.is_bound(&name) && !ps.nonlocals.contains(&name) {
                                found = Some(pid);
                                break;
                            }
                        }
                    }
                    p = ps.parent;
                }
                if let Some(owner) = found {
                    // owner holds a cell; every scope from id up to owner passes it through
                    let mut cur = id;
                    while cur != owner {
                        let sc = &mut self.table.scopes[cur];
                        if !sc.frees.contains(&name) {
                            sc.frees.push(name.clone());
                        }
                        cur = sc.parent.unwrap();
                    }
                    let o = &mut self.table.scopes[owner];
                    if !o.cells.contains(&name) {
                        o.cells.push(name.clone());
                    }
                }
            }
        }
        // `super()` / `__class__` in a method: the class body owns a `__class__` cell
        for id in 0..n {
            if !self.table.scopes[id].needs_class_cell
                || self.table.scopes[id].kind() != ScopeKind::Function
            {
                continue;
            }
            let mut cur = id;
            let mut chain = vec![];
            let mut class_id = None;
            while let Some(p) = self.table.scopes[cur].parent {
                chain.push(cur);
                if self.table.scopes[p].kind() == ScopeKind::Class {
                    class_id = Some(p);
                    break;
                }
                cur = p;
            }
            if let Some(cid) = class_id {
                for sid in chain {
                    let sc = &mut self.table.scopes[sid];
                    if !sc.frees.iter().any(|f| f == "__class__") {
                        sc.frees.push("__class__".into());
                    }
                }
                let c = &mut self.table.scopes[cid];
                if !c.cells.iter().any(|f| f == "__class__") {
                    c.cells.push("__class__".into());
                }
            }
        }
    }
}
