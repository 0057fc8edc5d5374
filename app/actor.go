package app

// Actor says who acts on a use case: a board user, a platform admin, or
// the system itself (the command line, a payment notification, the
// scheduler) when no person does. Exactly one field is set. Every use case
// takes the actor it authorizes; handlers only say who is calling.
type Actor struct {
	// UserID is the board user who acts.
	UserID string
	// AdminID is the platform admin who acts.
	AdminID string
	// System names what acts when no person does; trusted, never set from
	// a request.
	System string
}

// UserActor is a board user acting.
func UserActor(userID string) Actor { return Actor{UserID: userID} }

// AdminActor is a platform admin acting.
func AdminActor(adminID string) Actor { return Actor{AdminID: adminID} }

// SystemActor is the program itself acting, named for the logs.
func SystemActor(name string) Actor { return Actor{System: name} }

// IsSystem reports whether the program itself acts.
func (a Actor) IsSystem() bool { return a.System != "" && a.UserID == "" && a.AdminID == "" }

// AuditID names the actor in the audit log: a user's id, or
// "admin:<id>", or "system:<name>".
func (a Actor) AuditID() string {
	switch {
	case a.UserID != "":
		return a.UserID
	case a.AdminID != "":
		return "admin:" + a.AdminID
	}
	return "system:" + a.System
}

// Subject is the actor in the authorizer's terms. The system has no
// subject the policy knows: use cases that let it through check IsSystem.
func (a Actor) Subject() Subject {
	switch {
	case a.UserID != "":
		return UserSubject(a.UserID)
	case a.AdminID != "":
		return AdminSubject(a.AdminID)
	}
	return Subject("system:" + a.System)
}
