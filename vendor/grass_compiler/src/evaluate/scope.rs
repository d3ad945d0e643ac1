use std::{
    cell::RefCell,
    collections::{BTreeMap, HashSet},
    sync::Arc,
};

use codemap::Spanned;

use crate::{
    ast::Mixin,
    builtin::GLOBAL_FUNCTIONS,
    common::Identifier,
    error::SassResult,
    value::{SassFunction, Value},
};

/// hyde: the members one nested scope (a style rule's, a call's, a loop's)
/// declares, in one allocation. grass kept three lists of scopes, one per
/// kind of member, and so allocated (and later freed) three `BTreeMap`
/// cells at every scope it entered, and three lists at every closure it
/// made (each function or mixin call makes one). A nested scope holds a
/// few members, so they sit in short lists searched in order; their order
/// is never seen (`to_implicit_configuration` collects them into a map).
#[derive(Debug, Default)]
pub(crate) struct Frame {
    variables: Vec<(Identifier, Value)>,
    mixins: Vec<(Identifier, Mixin)>,
    functions: Vec<(Identifier, SassFunction)>,
}

fn member<T>(members: &[(Identifier, T)], name: Identifier) -> Option<&T> {
    members
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, member)| member)
}

fn has_member<T>(members: &[(Identifier, T)], name: Identifier) -> bool {
    members.iter().any(|(key, _)| *key == name)
}

fn set_member<T>(members: &mut Vec<(Identifier, T)>, name: Identifier, value: T) -> Option<T> {
    match members.iter_mut().find(|(key, _)| *key == name) {
        Some((_, slot)) => Some(std::mem::replace(slot, value)),
        None => {
            members.push((name, value));
            None
        }
    }
}

type Shared<T> = Arc<RefCell<T>>;

/// The scopes in effect: index 0 is the module's global scope (its maps are
/// shared with the module's members), the others are nested frames, the
/// innermost last.
#[derive(Debug, Clone)]
pub(crate) struct Scopes {
    global_variables: Shared<BTreeMap<Identifier, Value>>,
    global_mixins: Shared<BTreeMap<Identifier, Mixin>>,
    global_functions: Shared<BTreeMap<Identifier, SassFunction>>,
    /// Shared between copies of an environment, as grass's lists were
    nested: Shared<Vec<Shared<Frame>>>,
    pub last_variable_index: Option<(Identifier, usize)>,
}

impl Default for Scopes {
    fn default() -> Self {
        Self::new()
    }
}

impl Scopes {
    pub fn new() -> Self {
        Self {
            global_variables: Arc::new(RefCell::new(BTreeMap::new())),
            global_mixins: Arc::new(RefCell::new(BTreeMap::new())),
            global_functions: Arc::new(RefCell::new(BTreeMap::new())),
            nested: Arc::new(RefCell::new(Vec::new())),
            last_variable_index: None,
        }
    }

    pub fn new_closure(&self) -> Self {
        // hyde: with room for the scopes a closure's run enters (a call's
        // own scope, its `@if`s and loops): collected to the exact length,
        // the list was reallocated at the first `enter_new_scope`
        let nested = (*self.nested).borrow();
        let mut frames = Vec::with_capacity(nested.len() + 4);
        frames.extend(nested.iter().map(Arc::clone));
        Self {
            global_variables: Arc::clone(&self.global_variables),
            global_mixins: Arc::clone(&self.global_mixins),
            global_functions: Arc::clone(&self.global_functions),
            nested: Arc::new(RefCell::new(frames)),
            last_variable_index: self.last_variable_index,
        }
    }

    pub fn global_variables(&self) -> Arc<RefCell<BTreeMap<Identifier, Value>>> {
        Arc::clone(&self.global_variables)
    }

    pub fn global_functions(&self) -> Arc<RefCell<BTreeMap<Identifier, SassFunction>>> {
        Arc::clone(&self.global_functions)
    }

    pub fn global_mixins(&self) -> Arc<RefCell<BTreeMap<Identifier, Mixin>>> {
        Arc::clone(&self.global_mixins)
    }

    pub fn find_var(&mut self, name: Identifier) -> Option<usize> {
        match self.last_variable_index {
            Some((prev_name, idx)) if prev_name == name => return Some(idx),
            _ => {}
        };

        let nested = (*self.nested).borrow();
        for (idx, frame) in nested.iter().enumerate().rev() {
            if has_member(&(**frame).borrow().variables, name) {
                self.last_variable_index = Some((name, idx + 1));
                return Some(idx + 1);
            }
        }

        if (*self.global_variables).borrow().contains_key(&name) {
            self.last_variable_index = Some((name, 0));
            return Some(0);
        }

        None
    }

    pub fn len(&self) -> usize {
        (*self.nested).borrow().len() + 1
    }

    pub fn enter_new_scope(&mut self) {
        (*self.nested)
            .borrow_mut()
            .push(Arc::new(RefCell::new(Frame::default())));
    }

    pub fn exit_scope(&mut self) {
        // the frame is dropped once the list is no longer borrowed
        let frame = (*self.nested).borrow_mut().pop();
        drop(frame);
        self.last_variable_index = None;
    }

    /// The innermost scope's members named in `variables`, `functions` and
    /// `mixins` are removed (`@import` of a module that forwards them)
    pub fn remove_from_innermost(
        &mut self,
        variables: &HashSet<Identifier>,
        functions: &HashSet<Identifier>,
        mixins: &HashSet<Identifier>,
    ) {
        let nested = (*self.nested).borrow();
        match nested.last() {
            Some(frame) => {
                let mut frame = (**frame).borrow_mut();
                frame.variables.retain(|(key, _)| !variables.contains(key));
                frame.functions.retain(|(key, _)| !functions.contains(key));
                frame.mixins.retain(|(key, _)| !mixins.contains(key));
            }
            None => {
                let mut globals = (*self.global_variables).borrow_mut();
                for name in variables {
                    globals.remove(name);
                }
                drop(globals);
                let mut globals = (*self.global_functions).borrow_mut();
                for name in functions {
                    globals.remove(name);
                }
                drop(globals);
                let mut globals = (*self.global_mixins).borrow_mut();
                for name in mixins {
                    globals.remove(name);
                }
            }
        }
        self.last_variable_index = None;
    }

    /// Every variable in scope, the outermost first
    pub fn for_each_var(&self, mut f: impl FnMut(Identifier, &Value)) {
        for (key, value) in (*self.global_variables).borrow().iter() {
            f(*key, value);
        }
        for frame in (*self.nested).borrow().iter() {
            for (key, value) in &(**frame).borrow().variables {
                f(*key, value);
            }
        }
    }
}

/// Variables
impl Scopes {
    pub fn insert_var(&mut self, idx: usize, name: Identifier, v: Value) -> Option<Value> {
        if idx == 0 {
            return (*self.global_variables).borrow_mut().insert(name, v);
        }
        let nested = (*self.nested).borrow();
        match nested.get(idx - 1) {
            Some(frame) => set_member(&mut (**frame).borrow_mut().variables, name, v),
            // grass indexed its list here and so panicked; no caller passes
            // an index past the innermost scope
            None => None,
        }
    }

    /// Always insert this variable into the innermost scope
    ///
    /// Used, for example, for variables from `@each` and `@for`
    pub fn insert_var_last(&mut self, name: Identifier, v: Value) -> Option<Value> {
        let last_idx = self.len() - 1;
        self.last_variable_index = Some((name, last_idx));
        self.insert_var(last_idx, name, v)
    }

    fn var_at(&self, idx: usize, name: Identifier) -> Option<Value> {
        if idx == 0 {
            return (*self.global_variables).borrow().get(&name).cloned();
        }
        let nested = (*self.nested).borrow();
        let frame = (**nested.get(idx - 1)?).borrow();
        member(&frame.variables, name).cloned()
    }

    pub fn get_var(&mut self, name: Spanned<Identifier>) -> SassResult<Value> {
        match self.last_variable_index {
            Some((prev_name, idx)) if prev_name == name.node => {
                if let Some(value) = self.var_at(idx, name.node) {
                    return Ok(value);
                }
            }
            _ => {}
        };

        let nested = (*self.nested).borrow();
        for (idx, frame) in nested.iter().enumerate().rev() {
            if let Some(var) = member(&(**frame).borrow().variables, name.node) {
                self.last_variable_index = Some((name.node, idx + 1));
                return Ok(var.clone());
            }
        }

        if let Some(var) = (*self.global_variables).borrow().get(&name.node) {
            self.last_variable_index = Some((name.node, 0));
            return Ok(var.clone());
        }

        Err(("Undefined variable.", name.span).into())
    }

    pub fn var_exists(&self, name: Identifier) -> bool {
        self.global_var_exists(name)
            || (*self.nested)
                .borrow()
                .iter()
                .any(|frame| has_member(&(**frame).borrow().variables, name))
    }

    pub fn global_var_exists(&self, name: Identifier) -> bool {
        (*self.global_variables).borrow().contains_key(&name)
    }
}

/// Mixins
impl Scopes {
    pub fn insert_mixin(&mut self, name: Identifier, mixin: Mixin) {
        match (*self.nested).borrow().last() {
            Some(frame) => {
                set_member(&mut (**frame).borrow_mut().mixins, name, mixin);
            }
            None => {
                (*self.global_mixins).borrow_mut().insert(name, mixin);
            }
        }
    }

    pub fn get_mixin(&self, name: Spanned<Identifier>) -> SassResult<Mixin> {
        for frame in (*self.nested).borrow().iter().rev() {
            if let Some(mixin) = member(&(**frame).borrow().mixins, name.node) {
                return Ok(mixin.clone());
            }
        }

        match (*self.global_mixins).borrow().get(&name.node) {
            Some(mixin) => Ok(mixin.clone()),
            None => Err(("Undefined mixin.", name.span).into()),
        }
    }

    pub fn mixin_exists(&self, name: Identifier) -> bool {
        (*self.global_mixins).borrow().contains_key(&name)
            || (*self.nested)
                .borrow()
                .iter()
                .any(|frame| has_member(&(**frame).borrow().mixins, name))
    }
}

/// Functions
impl Scopes {
    pub fn insert_fn(&mut self, func: SassFunction) {
        match (*self.nested).borrow().last() {
            Some(frame) => {
                set_member(&mut (**frame).borrow_mut().functions, func.name(), func);
            }
            None => {
                (*self.global_functions)
                    .borrow_mut()
                    .insert(func.name(), func);
            }
        }
    }

    pub fn get_fn(&self, name: Identifier) -> Option<SassFunction> {
        for frame in (*self.nested).borrow().iter().rev() {
            if let Some(func) = member(&(**frame).borrow().functions, name) {
                return Some(func.clone());
            }
        }

        (*self.global_functions).borrow().get(&name).cloned()
    }

    pub fn fn_exists(&self, name: Identifier) -> bool {
        if (*self.global_functions).borrow().contains_key(&name)
            || (*self.nested)
                .borrow()
                .iter()
                .any(|frame| has_member(&(**frame).borrow().functions, name))
        {
            return true;
        }

        GLOBAL_FUNCTIONS.contains_key(name.as_str())
    }
}
