//! Template and session names.

use crate::rules;

checked_string!(
    /// A session template name (`sessionRef/templateName`).
    ///
    /// ```
    /// assert!(mpsd_handles::model::TemplateName::new("deathmatch").is_ok());
    /// assert!(mpsd_handles::model::TemplateName::new("death match").is_err());
    /// ```
    TemplateName(String) {
        check: rules::name::parse,
        member: "templateName",
        /// Checks it: 1 to 100 characters, each one of `A-Z a-z 0-9 - . _ ~`.
        ///
        /// # Errors
        /// [`NameEmpty`](crate::Code::NameEmpty), [`NameTooLong`](crate::Code::NameTooLong)
        /// or [`NameInvalidCharacter`](crate::Code::NameInvalidCharacter).
        new,
    }
);

checked_string!(
    /// A session name (`sessionRef/name`). MPSD compares session names without
    /// regard to case; see [`SessionName::same_session`].
    SessionName(String) {
        check: rules::name::parse,
        member: "name",
        /// Checks it: 1 to 100 characters, each one of `A-Z a-z 0-9 - . _ ~`.
        ///
        /// # Errors
        /// [`NameEmpty`](crate::Code::NameEmpty), [`NameTooLong`](crate::Code::NameTooLong)
        /// or [`NameInvalidCharacter`](crate::Code::NameInvalidCharacter).
        new,
    }
);

impl SessionName {
    /// Whether two names designate the same session (ASCII case-insensitive).
    ///
    /// ```
    /// use mpsd_handles::model::SessionName;
    /// let a = SessionName::new("Session-49")?;
    /// assert!(a.same_session(&SessionName::new("session-49")?));
    /// # Ok::<(), mpsd_handles::InvalidValue>(())
    /// ```
    #[must_use]
    pub fn same_session(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}
