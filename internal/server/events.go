// Endpoints of this group are registered by registerEvents (being built).
package server

func (s *Server) registerEvents() {}
